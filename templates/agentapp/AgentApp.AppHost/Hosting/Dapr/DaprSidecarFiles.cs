using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace AgentApp.Hosting;

/// <summary>
/// The <c>--resources-path</c> argument of one daprd: resolving it writes the sidecar's component YAML. Resolution happens
/// when daprd is about to start, after its waits, so endpoints, parameters and connection strings all have values.
/// </summary>
internal sealed class DaprComponentsDirectory(DaprSidecarResource sidecar, DaprRunDirectory run) : IValueProvider, IValueWithReferences
{
    public IEnumerable<object> References => sidecar.Components;

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var directory = run.Ensure(sidecar.Name, "components");

        // daprd loads every file in the folder: drop what an earlier start wrote for components no longer referenced.
        foreach (var stale in Directory.EnumerateFiles(directory, "*.yaml"))
        {
            File.Delete(stale);
        }

        foreach (var component in sidecar.Components)
        {
            var yaml = await DaprYaml.ComponentAsync(component, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(directory, component.Name + ".yaml"), yaml, cancellationToken).ConfigureAwait(false);
        }

        return directory;
    }
}

/// <summary>
/// The <c>--config</c> argument of one daprd: the user's file when <see cref="DaprSidecarOptions.Config"/> is set, else a
/// generated Configuration that sends traces to the dashboard's OTLP endpoint (none when the AppHost has no dashboard).
/// </summary>
internal sealed class DaprConfigurationFile(DaprSidecarResource sidecar, DaprRunDirectory run, IConfiguration configuration, string appHostDirectory) : IValueProvider
{
    public const string DashboardOtlpEndpointKey = "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL";

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        if (sidecar.Options.Config is { } custom)
        {
            return Path.GetFullPath(Path.Combine(appHostDirectory, custom));
        }

        var otlp = Uri.TryCreate(configuration[DashboardOtlpEndpointKey], UriKind.Absolute, out var uri) ? uri : null;
        var path = Path.Combine(run.Ensure(sidecar.Name), "config.yaml");
        await File.WriteAllTextAsync(path, DaprYaml.Configuration(sidecar.Name, otlp), cancellationToken).ConfigureAwait(false);
        return path;
    }
}
