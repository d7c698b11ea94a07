using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>An Ingress for the external service (the gateway); TLS ends here when a host is given.</summary>
public static class IngressBuilder
{
    /// <summary>Builds the Ingress; with a host it also names the TLS Secret (<c>&lt;service&gt;-tls</c>, e.g. from cert-manager).</summary>
    public static V1Ingress Build(AppModel app, Workload workload, GeneratorOptions options) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = Labels.Metadata(workload.Name, app.AppName, workload.Name),
        Spec = new V1IngressSpec
        {
            Tls = options.Host is null ? null : [new V1IngressTLS { Hosts = [options.Host], SecretName = $"{workload.Name}-tls" }],
            Rules =
            [
                new V1IngressRule
                {
                    Host = options.Host,
                    Http = new V1HTTPIngressRuleValue
                    {
                        Paths =
                        [
                            new V1HTTPIngressPath
                            {
                                Path = "/",
                                PathType = "Prefix",
                                Backend = new V1IngressBackend
                                {
                                    Service = new V1IngressServiceBackend { Name = workload.Name, Port = new V1ServiceBackendPort { Name = workload.HttpPort.Name } },
                                },
                            },
                        ],
                    },
                },
            ],
        },
    };
}
