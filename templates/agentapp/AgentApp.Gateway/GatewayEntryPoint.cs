namespace AgentApp.Gateway;

/// <summary>
/// Stands for the gateway's entry point (the top-level <c>Program</c>, which every service has and none makes public) where a
/// type must name this assembly: <c>WebApplicationFactory&lt;GatewayEntryPoint&gt;</c> hosts the gateway in memory.
/// </summary>
public sealed class GatewayEntryPoint;
