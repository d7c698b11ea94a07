namespace Microsoft.Extensions.Hosting;

/// <summary>The activity sources and meters our services emit, registered once so every service exports them.</summary>
public static class TelemetryNames
{
    /// <summary>Prefix shared by every source and meter of our own.</summary>
    public const string Prefix = "AgentApp";

    /// <summary>Activity sources (wildcards allowed) exported by every service.</summary>
    public static readonly string[] ActivitySources = [$"{Prefix}.*", "Experimental.Microsoft.Extensions.AI", "Experimental.ModelContextProtocol"];

    /// <summary>Meters (wildcards allowed) exported by every service.</summary>
    public static readonly string[] Meters = [$"{Prefix}.*", "Experimental.Microsoft.Extensions.AI", "Experimental.ModelContextProtocol"];
}
