using System.Runtime.CompilerServices;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Hosting;

/// <summary>
/// Dapr facts decided once per AppHost, so every sidecar sees the same installation, control plane and run folder.
/// Kept beside the builder rather than in the model: none of it belongs in the dashboard or the manifest.
/// </summary>
internal sealed class DaprHost
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, DaprHost> s_hosts = new();

    private readonly IDistributedApplicationBuilder _builder;
    private readonly Lazy<DaprInstallation> _installation;
    private DaprControlPlane? _controlPlane;

    private DaprHost(IDistributedApplicationBuilder builder)
    {
        _builder = builder;
        _installation = new(() => DaprInstallation.Locate(builder.Configuration));
    }

    public static DaprHost Get(IDistributedApplicationBuilder builder) => s_hosts.GetValue(builder, b => new DaprHost(b));

    /// <summary>Where daprd is, or why it cannot run.</summary>
    public DaprInstallation Installation => _installation.Value;

    /// <summary>Placement, scheduler and the run folder, added with the first sidecar that will really run.</summary>
    public DaprControlPlane ControlPlane => _controlPlane ??= AddControlPlane();

    private DaprControlPlane AddControlPlane()
    {
        var run = DaprRunDirectory.CreateUnique();
        var controlPlane = DaprControlPlane.Add(_builder, Installation, run);
        _builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            PinAppTargetPorts(e.Model);
            WaitForComponentServices(e.Model);
            e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(run.Delete);
            return Task.CompletedTask;
        });
        return controlPlane;
    }

    // daprd must call the app on the port the app itself listens on: through Aspire's proxy it would see the port open
    // before the app is, and fetch /dapr/config (the actor types) too early. DCP resolves an allocated target port only
    // inside the app's own process spec ({{ portForServing }}), not in daprd's arguments, so pin a concrete one.
    private static void PinAppTargetPorts(DistributedApplicationModel model)
    {
        foreach (var daprd in model.Resources.OfType<DaprdResource>())
        {
            var endpoint = daprd.Sidecar.Application.Annotations.OfType<EndpointAnnotation>()
                .FirstOrDefault(e => e.Name == DaprdExecutable.AppEndpointName);
            if (endpoint is { TargetPort: null, IsExplicitlyProxied: not false })
            {
                endpoint.TargetPort = LoopbackPort.Free(except: endpoint.Port);
            }
        }
    }

    // daprd exits when a component cannot initialise, so it waits for the services its components point at (e.g. Redis).
    // Done at BeforeStart because components and references may be configured after WithDaprSidecar.
    private static void WaitForComponentServices(DistributedApplicationModel model)
    {
        foreach (var daprd in model.Resources.OfType<DaprdResource>())
        {
            var sources = daprd.Sidecar.Components.SelectMany(c => c.Metadata).Select(m => m.Source).OfType<IResourceWithWaitSupport>().Distinct();
            foreach (var source in sources.Where(s => !daprd.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == s)).ToList())
            {
                daprd.Annotations.Add(new WaitAnnotation(source, WaitType.WaitUntilHealthy));
            }
        }
    }
}
