using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentApp.Deploy.Manifest;

/// <summary>
/// Resolves manifest expressions (<c>{api.bindings.http.url}</c>, <c>{cache.connectionString}</c>, <c>{p.value}</c>) into
/// what they mean inside the cluster: a resource's host is its Service name, its port the Service port.
/// </summary>
public sealed partial class ExpressionResolver(AspireManifest manifest)
{
    /// <summary>The port a project listens on when the manifest leaves it open (the .NET container default).</summary>
    public const int DefaultProjectPort = 8080;

    private const int MaxDepth = 16;

    /// <summary>Resolves a string that may contain any number of <c>{…}</c> expressions.</summary>
    /// <exception cref="ManifestException">An expression names something the manifest does not have.</exception>
    /// <exception cref="TlsBindingException">The expression needs a TLS binding of a project; the cluster has none.</exception>
    public ResolvedValue Resolve(string expression)
    {
        var state = new State();
        Resolve(expression, state, 0);
        return new ResolvedValue(Merge(state.Parts), state.References, state.ConnectionStrings, state.BindingOwners);
    }

    /// <summary>The port callers use for a binding, i.e. the Service port.</summary>
    public static int ServicePort(ManifestResource resource, ManifestBinding binding) =>
        binding.Port ?? ContainerPort(resource, binding);

    /// <summary>The port the process listens on, i.e. the container port.</summary>
    public static int ContainerPort(ManifestResource resource, ManifestBinding binding) =>
        binding.TargetPort ?? binding.Port ?? (resource.IsProject
            ? DefaultProjectPort
            : throw new ManifestException($"Binding '{binding.Name}' of '{resource.Name}' has neither port nor targetPort."));

    private void Resolve(string expression, State state, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ManifestException($"Expression nesting deeper than {MaxDepth}: '{expression}' (a cycle?).");
        }

        var position = 0;
        foreach (Match match in Placeholder().Matches(expression))
        {
            if (match.Index > position)
            {
                state.Parts.Add(new LiteralPart(expression[position..match.Index]));
            }

            ResolveReference(match.Groups[1].Value, state, depth);
            position = match.Index + match.Length;
        }

        if (position < expression.Length)
        {
            state.Parts.Add(new LiteralPart(expression[position..]));
        }
    }

    private void ResolveReference(string reference, State state, int depth)
    {
        var path = reference.Split('.');
        var resource = manifest.Find(path[0]) ?? throw new ManifestException($"'{{{reference}}}' names no resource in the manifest.");
        state.References.Add(resource.Name);
        switch (path[1..])
        {
            case ["connectionString"]:
                state.ConnectionStrings.Add(resource.Name);
                Resolve(resource.ConnectionString ?? throw new ManifestException($"'{resource.Name}' has no connectionString."), state, depth + 1);
                break;
            case ["bindings", var name, var property]:
                state.BindingOwners.Add(resource.Name);
                state.Parts.Add(new LiteralPart(BindingProperty(resource, name, property)));
                break;
            case ["value"] when resource.Type == "annotated.string":
                ResolveAnnotated(resource, state, depth);
                break;
            case ["value"]:
                Resolve(resource.Json["value"]?.GetValue<string>() ?? throw new ManifestException($"'{resource.Name}' has no value."), state, depth + 1);
                break;
            case ["inputs", var input]:
                state.Parts.Add(InputValue(resource, input));
                break;
            default:
                throw new ManifestException($"'{{{reference}}}' is not an expression the generator understands.");
        }
    }

    private void ResolveAnnotated(ManifestResource resource, State state, int depth)
    {
        var filter = resource.Json["filter"]?.GetValue<string>();
        if (filter is not (null or "uri"))
        {
            throw new ManifestException($"'{resource.Name}' uses filter '{filter}'; only 'uri' is supported.");
        }

        var inner = new State();
        Resolve(resource.Json["value"]!.GetValue<string>(), inner, depth + 1);
        state.References.UnionWith(inner.References);
        state.ConnectionStrings.UnionWith(inner.ConnectionStrings);
        state.BindingOwners.UnionWith(inner.BindingOwners);
        state.Parts.AddRange(filter is null ? inner.Parts : inner.Parts.Select(p => p switch
        {
            LiteralPart literal => new LiteralPart(Uri.EscapeDataString(literal.Text)),
            ParameterPart parameter => parameter with { UriEncoded = true },
            _ => p,
        }));
    }

    private static ValuePart InputValue(ManifestResource parameter, string input)
    {
        var json = parameter.Json["inputs"]?[input] ?? throw new ManifestException($"'{parameter.Name}' has no input '{input}'.");
        var secret = json["secret"]?.GetValue<bool>() ?? false;
        // A default value is safe to write only for plain inputs; secrets never leave the operator's hands, and a
        // generated default would either change on every run or be a password everybody can read.
        if (!secret && json["default"]?["value"]?.GetValue<string>() is { } value)
        {
            return new LiteralPart(value);
        }

        return new ParameterPart(parameter.Name, secret);
    }

    private static string BindingProperty(ManifestResource resource, string name, string property)
    {
        var binding = resource.Binding(name) ?? throw new ManifestException($"'{resource.Name}' has no binding '{name}'.");
        if (resource.IsProject && binding.IsTls)
        {
            throw new TlsBindingException(resource.Name, name);
        }

        return property switch
        {
            "host" => resource.Name,
            "port" => ServicePort(resource, binding).ToString(CultureInfo.InvariantCulture),
            "targetPort" => ContainerPort(resource, binding).ToString(CultureInfo.InvariantCulture),
            "scheme" => binding.Scheme,
            "url" => $"{binding.Scheme}://{resource.Name}:{ServicePort(resource, binding).ToString(CultureInfo.InvariantCulture)}",
            _ => throw new ManifestException($"Binding property '{property}' of '{resource.Name}.{name}' is not supported."),
        };
    }

    private static List<ValuePart> Merge(List<ValuePart> parts)
    {
        var merged = new List<ValuePart>();
        foreach (var part in parts)
        {
            if (part is LiteralPart { Text.Length: 0 })
            {
                continue;
            }

            if (part is LiteralPart next && merged.Count > 0 && merged[^1] is LiteralPart previous)
            {
                merged[^1] = new LiteralPart(previous.Text + next.Text);
            }
            else
            {
                merged.Add(part);
            }
        }

        return merged;
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)+)\}")]
    private static partial Regex Placeholder();

    private sealed class State
    {
        public List<ValuePart> Parts { get; } = [];
        public SortedSet<string> References { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> ConnectionStrings { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> BindingOwners { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>
/// An expression needs a project's TLS binding. In the cluster services speak plain HTTP on their Service port (TLS ends
/// at the ingress, and Dapr secures sidecar traffic), so variables that point at https endpoints are left out.
/// </summary>
public sealed class TlsBindingException(string resource, string binding)
    : Exception($"'{resource}.bindings.{binding}' is a TLS binding; in the cluster only plain HTTP endpoints exist.");
