using k8s.Models;

namespace AgentApp.Deploy.Kubernetes;

/// <summary>The recommended <c>app.kubernetes.io</c> labels, and object metadata built from them.</summary>
public static class Labels
{
    /// <summary>The resource name from the manifest; part of every selector.</summary>
    public const string Name = "app.kubernetes.io/name";

    /// <summary>The application; part of every selector, and what network policies select.</summary>
    public const string PartOf = "app.kubernetes.io/part-of";

    /// <summary><c>service</c> for .NET services, <c>infrastructure</c> for Redis/Kafka; not in selectors.</summary>
    public const string Component = "app.kubernetes.io/component";

    /// <summary>The immutable selector of one workload.</summary>
    public static SortedDictionary<string, string> Selector(string app, string name) =>
        Sorted((Name, name), (PartOf, app));

    /// <summary>Every label of one workload's objects and pods.</summary>
    public static SortedDictionary<string, string> Of(string app, string name, string component) =>
        Sorted((Name, name), (PartOf, app), (Component, component));

    /// <summary>Metadata for an object that belongs to <paramref name="owner"/>.</summary>
    public static V1ObjectMeta Metadata(string objectName, string app, string owner, string component = "service") =>
        new() { Name = objectName, Labels = Of(app, owner, component) };

    /// <summary>A dictionary whose YAML comes out in ordinal key order whatever the insertion order.</summary>
    public static SortedDictionary<string, string> Sorted(params (string Key, string Value)[] pairs)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            sorted[key] = value;
        }

        return sorted;
    }
}
