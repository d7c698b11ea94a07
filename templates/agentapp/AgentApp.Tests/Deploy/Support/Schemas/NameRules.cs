using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentApp.Tests.Deploy.Support.Schemas;

/// <summary>
/// The API server's name validation (k8s.io/apimachinery/pkg/util/validation), which no OpenAPI schema carries:
/// object names, label keys and values, annotation keys, container and port names, ConfigMap and Secret keys, plus Dapr
/// app ids (daprd uses them as DNS labels for service invocation).
/// </summary>
public static partial class NameRules
{
    /// <summary>Kinds whose names must be DNS-1035 labels (Services) or DNS-1123 labels (Namespaces); the rest are DNS-1123 subdomains.</summary>
    private static readonly Dictionary<string, Func<string, bool>> s_nameRule = new()
    {
        ["Service"] = IsDns1035Label,
        ["Namespace"] = IsDns1123Label,
    };

    /// <summary>Every name rule one document breaks; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonNode document)
    {
        var errors = new List<string>();
        var kind = document["kind"]?.GetValue<string>() ?? string.Empty;
        var name = document["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
        var nameRule = s_nameRule.GetValueOrDefault(kind, IsDns1123Subdomain);
        Check(errors, nameRule(name), $"metadata.name '{name}' is not valid for a {kind}");
        if (document["metadata"]?["namespace"]?.GetValue<string>() is { } ns)
        {
            Check(errors, IsDns1123Label(ns), $"metadata.namespace '{ns}' is not a DNS-1123 label");
        }

        foreach (var (path, labels) in Maps(document, "labels", "matchLabels", "selector"))
        {
            foreach (var (key, value) in labels)
            {
                Check(errors, IsQualifiedName(key), $"{path}: label key '{key}' is not a qualified name");
                Check(errors, value is JsonValue v && IsLabelValue(v.ToString()), $"{path}: label value '{value}' of '{key}' is not a valid label value");
            }
        }

        foreach (var (path, annotations) in Maps(document, "annotations"))
        {
            foreach (var (key, value) in annotations)
            {
                Check(errors, IsQualifiedName(key.ToLowerInvariant()), $"{path}: annotation key '{key}' is not a qualified name");
                if (key == "dapr.io/app-id")
                {
                    Check(errors, IsDns1123Label(value!.GetValue<string>()), $"{path}: Dapr app id '{value}' is not a DNS-1123 label");
                }
            }
        }

        foreach (var (path, node) in Walk(document, "$"))
        {
            if (path.EndsWith(".containers", StringComparison.Ordinal) || path.EndsWith(".initContainers", StringComparison.Ordinal))
            {
                foreach (var container in node.AsArray())
                {
                    var containerName = container!["name"]?.GetValue<string>() ?? string.Empty;
                    Check(errors, IsDns1123Label(containerName), $"{path}: container name '{containerName}' is not a DNS-1123 label");
                }
            }

            if (path.EndsWith(".ports", StringComparison.Ordinal) && node is JsonArray ports)
            {
                foreach (var port in ports.OfType<JsonObject>().Where(p => p["name"] is not null))
                {
                    var portName = port["name"]!.GetValue<string>();
                    Check(errors, IsPortName(portName), $"{path}: port name '{portName}' is not an IANA service name");
                }
            }
        }

        if (kind is "ConfigMap" or "Secret")
        {
            foreach (var field in new[] { "data", "stringData", "binaryData" })
            {
                foreach (var key in document[field]?.AsObject().Select(p => p.Key) ?? [])
                {
                    Check(errors, key.Length <= 253 && ConfigKey().IsMatch(key), $"{field} key '{key}' is not a valid {kind} key");
                }
            }
        }

        if (document["scopes"] is JsonArray scopes)
        {
            foreach (var scope in scopes)
            {
                Check(errors, IsDns1123Label(scope!.GetValue<string>()), $"scope '{scope}' is not a valid Dapr app id");
            }
        }

        return errors;
    }

    /// <summary>DNS-1123 subdomain: lower-case alphanumerics, '-' and '.', alphanumeric at both ends, at most 253.</summary>
    public static bool IsDns1123Subdomain(string value) => value.Length is > 0 and <= 253 && Dns1123Subdomain().IsMatch(value);

    /// <summary>DNS-1123 label: lower-case alphanumerics and '-', alphanumeric at both ends, at most 63.</summary>
    public static bool IsDns1123Label(string value) => value.Length is > 0 and <= 63 && Dns1123Label().IsMatch(value);

    /// <summary>DNS-1035 label: a DNS-1123 label that starts with a letter (Service names).</summary>
    public static bool IsDns1035Label(string value) => IsDns1123Label(value) && char.IsAsciiLetterLower(value[0]);

    /// <summary>A label value: empty, or at most 63 of [A-Za-z0-9._-] with alphanumerics at both ends.</summary>
    public static bool IsLabelValue(string value) => value.Length == 0 || (value.Length <= 63 && LabelValue().IsMatch(value));

    /// <summary>A label or annotation key: an optional DNS-1123 subdomain prefix and '/', then a name part of at most 63.</summary>
    public static bool IsQualifiedName(string value)
    {
        var parts = value.Split('/');
        return parts switch
        {
            [var name] => name.Length is > 0 and <= 63 && LabelValue().IsMatch(name),
            [var prefix, var name] => IsDns1123Subdomain(prefix) && name.Length is > 0 and <= 63 && LabelValue().IsMatch(name),
            _ => false,
        };
    }

    /// <summary>An IANA service name: at most 15 lower-case alphanumerics and '-', at least one letter, no '--', no '-' at either end.</summary>
    public static bool IsPortName(string value) =>
        value.Length is > 0 and <= 15 && PortName().IsMatch(value) && value.Any(char.IsAsciiLetter) && !value.Contains("--", StringComparison.Ordinal);

    private static IEnumerable<(string Path, JsonObject Map)> Maps(JsonNode document, params string[] names) =>
        Walk(document, "$").Where(w => names.Any(n => w.Path.EndsWith("." + n, StringComparison.Ordinal)) && w.Node is JsonObject map
            && map.All(p => p.Value is JsonValue)).Select(w => (w.Path, (JsonObject)w.Node));

    private static IEnumerable<(string Path, JsonNode Node)> Walk(JsonNode node, string path)
    {
        yield return (path, node);
        var children = node switch
        {
            JsonObject map => map.Where(p => p.Value is not null).Select(p => ($"{path}.{p.Key}", p.Value!)),
            JsonArray list => list.Where(i => i is not null).Select((i, index) => ($"{path}[{index}]", i!)),
            _ => [],
        };
        foreach (var (childPath, child) in children)
        {
            foreach (var descendant in Walk(child, childPath))
            {
                yield return descendant;
            }
        }
    }

    private static void Check(List<string> errors, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex PortName();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKey();
}
