using AgentApp.Deploy.Model;
using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>ClusterIP Services: the in-cluster names that manifest expressions resolve to (<c>http://api:8080</c>).</summary>
public static class ServiceBuilder
{
    /// <summary>The Service of a .NET service; target ports name the container ports.</summary>
    public static V1Service Build(AppModel app, Workload workload) =>
        Build(app.AppName, workload.Name, workload.Ports, "service");

    /// <summary>A ClusterIP Service selecting the pods of <paramref name="name"/>.</summary>
    public static V1Service Build(string appName, string name, IEnumerable<ServicePortSpec> ports, string component) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Labels.Metadata(name, appName, name, component),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = Labels.Selector(appName, name),
            Ports = [.. ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, TargetPort = p.Name, Protocol = "TCP" })],
        },
    };
}
