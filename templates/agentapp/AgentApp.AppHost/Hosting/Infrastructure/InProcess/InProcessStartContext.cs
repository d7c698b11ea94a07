using Microsoft.Extensions.Logging;

namespace AgentApp.Hosting;

/// <summary>What an in-process server needs to start.</summary>
/// <param name="Resource">The resource it serves.</param>
/// <param name="FixedPort">The port to listen on, or null for any free loopback port.</param>
/// <param name="Logger">Writes to the resource's console log in the dashboard.</param>
/// <param name="Services">The AppHost's services.</param>
/// <param name="CancellationToken">Cancelled when start-up is abandoned.</param>
public sealed record InProcessStartContext(
    IResource Resource, int? FixedPort, ILogger Logger, IServiceProvider Services, CancellationToken CancellationToken);
