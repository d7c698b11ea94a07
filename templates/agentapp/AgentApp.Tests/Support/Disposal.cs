namespace AgentApp.Tests.Support;

/// <summary>Stops what a fixture started, callers first: the app before the sidecar it calls, the sidecar before the actors.</summary>
public static class Disposal
{
    /// <summary>Disposes each non-null item in the order given.</summary>
    public static async Task InOrderAsync(params IAsyncDisposable?[] items)
    {
        foreach (var item in items)
        {
            if (item is not null)
            {
                await item.DisposeAsync();
            }
        }
    }
}
