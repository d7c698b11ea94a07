namespace AgentApp.Hosting;

/// <summary>A server running inside the AppHost process in place of a container; disposing it stops it.</summary>
public interface IInProcessServer : IAsyncDisposable
{
    /// <summary>The loopback port clients connect to.</summary>
    int Port { get; }

    /// <summary>When it started accepting connections.</summary>
    DateTime StartedAt { get; }
}
