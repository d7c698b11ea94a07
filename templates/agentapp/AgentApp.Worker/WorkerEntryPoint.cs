namespace AgentApp.Worker;

/// <summary>
/// Stands for the worker's entry point (the top-level <c>Program</c>, which every service has and none makes public) where a
/// type must name this assembly: <c>WebApplicationFactory&lt;WorkerEntryPoint&gt;</c> hosts the worker in memory.
/// </summary>
public sealed class WorkerEntryPoint;
