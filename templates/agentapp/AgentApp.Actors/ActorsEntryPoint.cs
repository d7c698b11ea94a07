namespace AgentApp.Actors;

/// <summary>
/// Stands for the actor host's entry point (the top-level <c>Program</c>, which every service has and none makes public) where a
/// type must name this assembly: <c>WebApplicationFactory&lt;ActorsEntryPoint&gt;</c> hosts the actor host in memory.
/// </summary>
public sealed class ActorsEntryPoint;
