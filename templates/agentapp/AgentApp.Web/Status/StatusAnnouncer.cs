namespace AgentApp.Web.Status;

/// <summary>
/// The page's one status line, read out by screen readers (the layout renders it in an ARIA live region): pages say
/// what just happened ("Reply complete", "Task waits for approval") instead of relying on sight.
/// </summary>
public sealed class StatusAnnouncer
{
    /// <summary>The current status text.</summary>
    public string Text { get; private set; } = "";

    /// <summary>Raised when the status changes.</summary>
    public event Action? Changed;

    /// <summary>Sets the status.</summary>
    public void Announce(string text)
    {
        Text = text;
        Changed?.Invoke();
    }
}
