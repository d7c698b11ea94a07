using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>
/// Ingress NetworkPolicies: every pod of the app denies by default; the external service accepts traffic from anywhere
/// (the ingress controller lives in another namespace), other services only from the services that call them, Dapr
/// sidecars from the app's other sidecars, and infrastructure only from its clients. Egress is not restricted.
/// </summary>
public static class NetworkPolicyBuilder
{
    /// <summary>daprd's internal gRPC port: sidecar-to-sidecar service invocation and actor calls.</summary>
    public const int DaprInternalGrpcPort = 50002;

    /// <summary>Denies all ingress to the app's pods unless another policy allows it.</summary>
    public static V1NetworkPolicy DefaultDeny(AppModel app) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta { Name = $"{app.AppName}-default-deny-ingress", Labels = Labels.Sorted((Labels.PartOf, app.AppName)) },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = Labels.Sorted((Labels.PartOf, app.AppName)) },
            PolicyTypes = ["Ingress"],
        },
    };

    /// <summary>What may reach one service.</summary>
    public static V1NetworkPolicy Build(AppModel app, Workload workload, GeneratorOptions options)
    {
        var httpPorts = workload.Ports.Select(p => Port(p.TargetPort)).ToList();
        var rules = new List<V1NetworkPolicyIngressRule>();
        if (workload.External)
        {
            rules.Add(new V1NetworkPolicyIngressRule { Ports = httpPorts });
        }
        else if (workload.Callers.Count > 0)
        {
            rules.Add(new V1NetworkPolicyIngressRule { FromProperty = [.. workload.Callers.Select(c => FromPods(app, c))], Ports = httpPorts });
        }

        if (workload.Dapr is not null)
        {
            var sidecars = app.Workloads.Where(w => w.Dapr is not null).Select(w => FromPods(app, w.Name)).ToList();
            rules.Add(new V1NetworkPolicyIngressRule { FromProperty = sidecars, Ports = [Port(DaprInternalGrpcPort)] });
            rules.Add(new V1NetworkPolicyIngressRule
            {
                // Prometheus scrapes the sidecar's metrics from its own namespace.
                FromProperty = [FromNamespace(options.MonitoringNamespace)],
                Ports = [Port(Dapr.DaprAnnotations.MetricsPort)],
            });
        }

        return Policy(app.AppName, workload.Name, "service", rules);
    }

    /// <summary>
    /// What may reach one infrastructure service: its clients, on its ports; for a Kafka whose consumers scale on lag,
    /// also KEDA's namespace (its operator reads the consumer groups' offsets).
    /// </summary>
    public static V1NetworkPolicy Build(AppModel app, InfrastructureService service, InfrastructureContainer container, GeneratorOptions options)
    {
        var peers = service.Clients.Select(c => FromPods(app, c)).ToList();
        if (app.Workloads.Any(w => KedaScalerBuilder.Applies(app, w, options) && app.Topics.Any(t => t.Broker == service.Name && t.Consumers.Contains(w.Name))))
        {
            peers.Add(FromNamespace(options.KedaNamespace));
        }

        var rules = peers.Count == 0
            ? new List<V1NetworkPolicyIngressRule>()
            : [new V1NetworkPolicyIngressRule { FromProperty = peers, Ports = [.. container.Ports.Select(p => Port(p.TargetPort))] }];
        return Policy(app.AppName, service.Name, "infrastructure", rules);
    }

    private static V1NetworkPolicyPeer FromNamespace(string name) =>
        new() { NamespaceSelector = new V1LabelSelector { MatchLabels = Labels.Sorted(("kubernetes.io/metadata.name", name)) } };

    private static V1NetworkPolicy Policy(string appName, string name, string component, List<V1NetworkPolicyIngressRule> rules) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = Labels.Metadata(name, appName, name, component),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = Labels.Selector(appName, name) },
            PolicyTypes = ["Ingress"],
            Ingress = rules,
        },
    };

    private static V1NetworkPolicyPeer FromPods(AppModel app, string workload) =>
        new() { PodSelector = new V1LabelSelector { MatchLabels = Labels.Selector(app.AppName, workload) } };

    private static V1NetworkPolicyPort Port(int port) => new() { Port = port, Protocol = "TCP" };
}
