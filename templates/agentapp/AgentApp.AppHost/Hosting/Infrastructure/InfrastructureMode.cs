namespace AgentApp.Hosting;

/// <summary>How the AppHost runs infrastructure (Redis, Kafka) on this machine.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a healthy container runtime answers; otherwise <see cref="Local"/>.</summary>
    Auto,

    /// <summary>Containers, exactly as in production. Needs Docker or Podman.</summary>
    Containers,

    /// <summary>In-process stand-ins that speak the real protocols: Garnet for Redis, librdkafka's mock cluster for Kafka.</summary>
    Local,
}
