namespace AgentApp.Api;

/// <summary>
/// Stands for the api's entry point (the top-level <c>Program</c>, which every service has and none makes public) where a
/// type must name this assembly: <c>WebApplicationFactory&lt;ApiEntryPoint&gt;</c> hosts the api in memory.
/// </summary>
public sealed class ApiEntryPoint;
