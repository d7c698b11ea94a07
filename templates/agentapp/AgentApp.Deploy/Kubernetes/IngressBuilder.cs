using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>An Ingress for the external service (the gateway); TLS ends here when a host is given.</summary>
public static class IngressBuilder
{
    /// <summary>
    /// Builds the Ingress; with a host it also names the TLS Secret (<c>&lt;service&gt;-tls</c>, e.g. from cert-manager).
    /// ingress-nginx ends a response after 60 s without data and buffers it by default, which cuts and stalls event
    /// streams: its timeouts are raised to <see cref="GeneratorOptions.StreamTimeout"/> and buffering is off
    /// (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/). Other controllers
    /// ignore these annotations; set their equivalents (or use --ingress httproute, whose rule carries the timeout).
    /// </summary>
    public static V1Ingress Build(AppModel app, Workload workload, GeneratorOptions options)
    {
        var seconds = ((int)options.StreamTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var metadata = Labels.Metadata(workload.Name, app.AppName, workload.Name);
        metadata.Annotations = Labels.Sorted(
            ("nginx.ingress.kubernetes.io/proxy-read-timeout", seconds),
            ("nginx.ingress.kubernetes.io/proxy-send-timeout", seconds),
            ("nginx.ingress.kubernetes.io/proxy-buffering", "off"));
        return Build(workload, options, metadata);
    }

    private static V1Ingress Build(Workload workload, GeneratorOptions options, V1ObjectMeta metadata) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = metadata,
        Spec = new V1IngressSpec
        {
            IngressClassName = options.IngressClass,
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
