using System.Text.Json.Nodes;

namespace AgentApp.Deploy.Manifest;

/// <summary>One entry of an Aspire manifest's <c>resources</c>, with the fields the generator reads.</summary>
/// <param name="Name">The resource name (the key in <c>resources</c>).</param>
/// <param name="Type">The manifest type, e.g. <c>project.v0</c>, <c>container.v0</c>, <c>dapr.v0</c>.</param>
/// <param name="Json">The raw entry, for fields that only one kind of resource has.</param>
public sealed record ManifestResource(string Name, string Type, JsonObject Json)
{
    /// <summary>True for <c>project.v0</c>/<c>project.v1</c>: a .NET service that becomes a Deployment.</summary>
    public bool IsProject => Type.StartsWith("project.", StringComparison.Ordinal);

    /// <summary>True for <c>container.v0</c>/<c>container.v1</c>.</summary>
    public bool IsContainer => Type.StartsWith("container.", StringComparison.Ordinal);

    /// <summary>True for <c>parameter.v0</c>.</summary>
    public bool IsParameter => Type.StartsWith("parameter.", StringComparison.Ordinal);

    /// <summary>The <c>connectionString</c> expression, when the resource has one.</summary>
    public string? ConnectionString => Json["connectionString"]?.GetValue<string>();

    /// <summary>The project file path (relative to the manifest) of a project resource.</summary>
    public string? ProjectPath => Json["path"]?.GetValue<string>();

    /// <summary>The container image (<c>registry/name:tag</c>) of a container resource.</summary>
    public string? Image => Json["image"]?.GetValue<string>();

    /// <summary>The container entrypoint, when it overrides the image's.</summary>
    public string? Entrypoint => Json["entrypoint"]?.GetValue<string>();

    /// <summary>The container arguments.</summary>
    public IReadOnlyList<string> Args =>
        Json["args"] is JsonArray args ? [.. args.Select(a => a!.GetValue<string>())] : [];

    /// <summary>Environment variables as written in the manifest (values are expressions), in manifest order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env =>
        Json["env"] is JsonObject env ? [.. env.Select(e => KeyValuePair.Create(e.Key, e.Value!.GetValue<string>()))] : [];

    /// <summary>Bindings (endpoints) by name, in manifest order.</summary>
    public IReadOnlyList<ManifestBinding> Bindings =>
        Json["bindings"] is JsonObject bindings ? [.. bindings.Select(b => ManifestBinding.From(b.Key, b.Value!.AsObject()))] : [];

    /// <summary>The binding called <paramref name="name"/>, or null.</summary>
    public ManifestBinding? Binding(string name) => Bindings.FirstOrDefault(b => b.Name == name);
}
