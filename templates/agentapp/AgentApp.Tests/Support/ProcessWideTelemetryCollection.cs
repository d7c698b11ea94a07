namespace AgentApp.Tests.Support;

/// <summary>
/// Tests that read process-wide instruments: MEAI's GenAI meter and activity source are static, not per host, so any other
/// test's model call lands in the same exporter. These run alone, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process-wide telemetry";
}
