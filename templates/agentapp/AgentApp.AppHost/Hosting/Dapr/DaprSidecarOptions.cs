namespace AgentApp.Hosting;

/// <summary>Settings for one Dapr sidecar. Everything is optional: the defaults suit local development.</summary>
public sealed record DaprSidecarOptions
{
    /// <summary>The Dapr app id; defaults to the application's resource name.</summary>
    public string? AppId { get; init; }

    /// <summary>daprd's log level (<c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c>); defaults to <c>info</c>.</summary>
    public string? LogLevel { get; init; }

    /// <summary>
    /// Path (relative to the AppHost directory) of a Dapr <c>Configuration</c> file to use instead of the generated one.
    /// The generated configuration only exports traces to the Aspire dashboard, so a custom file must add that itself.
    /// </summary>
    public string? Config { get; init; }
}
