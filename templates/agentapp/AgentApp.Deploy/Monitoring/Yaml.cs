using AgentApp.Deploy.Output;
using YamlDotNet.Serialization;

namespace AgentApp.Deploy.Monitoring;

/// <summary>
/// YAML for objects that have no typed model here (Prometheus Operator CRDs, the collector's configuration): nested
/// <see cref="Dictionary{TKey,TValue}"/>s keep their insertion order, so the output is stable and reads in a natural order.
/// </summary>
internal static class Yaml
{
    private static readonly ISerializer s_serializer = new SerializerBuilder()
        .DisableAliases()
        .WithQuotingNecessaryStrings()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    /// <summary>A generated file: the header, then the document.</summary>
    public static string Document(object value) => GeneratedFiles.Header + Serialize(value);

    /// <summary>The document alone.</summary>
    public static string Serialize(object value) => s_serializer.Serialize(value).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>A mapping from pairs, in order, skipping null values.</summary>
    public static Dictionary<string, object> Map(params (string Key, object? Value)[] pairs)
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (value is not null)
            {
                map[key] = value;
            }
        }

        return map;
    }
}
