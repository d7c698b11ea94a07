namespace AgentApp.Tests.Support;

/// <summary>Waits for a condition by polling it, bounded by the caller's deadline: never a fixed sleep.</summary>
public static class Poll
{
    /// <summary>Returns once <paramref name="condition"/> holds; throws with <paramref name="describe"/>'s text when <paramref name="cancellationToken"/> ends first.</summary>
    public static async Task UntilAsync(Func<bool> condition, CancellationToken cancellationToken, Func<string> describe)
    {
        while (!condition())
        {
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(describe());
            }
        }
    }
}
