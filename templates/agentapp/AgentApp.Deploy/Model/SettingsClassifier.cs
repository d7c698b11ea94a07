using AgentApp.Deploy.Manifest;

namespace AgentApp.Deploy.Model;

/// <summary>
/// Decides where each environment variable of a workload lives. Plain values go to the ConfigMap; anything that
/// describes a backing service (connection string, host, password) reads from that service's connection Secret; other
/// secret parameters read from a Secret of their own; nothing secret ever lands in a ConfigMap.
/// </summary>
internal sealed class SettingsClassifier(
    ExpressionResolver resolver,
    IReadOnlyDictionary<string, ConnectionResource> connections,
    SecretCollector secrets,
    ICollection<string> warnings)
{
    private static readonly string[] s_secretLookingWords = ["password", "secret", "apikey", "api_key", "token", "credential"];

    /// <summary>The settings of one workload, plus the backing services they point at.</summary>
    public (SortedDictionary<string, string> Plain, List<SecretSetting> Secret, SortedSet<string> Dependencies, SortedSet<string> Calls)
        Classify(string workload, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var plain = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var secret = new List<SecretSetting>();
        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        var calls = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, expression) in environment)
        {
            ResolvedValue value;
            try
            {
                value = resolver.Resolve(expression);
            }
            catch (TlsBindingException)
            {
                warnings.Add($"{workload}: left out {name} (points at a TLS endpoint; in the cluster services speak plain HTTP)");
                continue;
            }

            var owners = Owners(value);
            dependencies.UnionWith(owners);
            calls.UnionWith(value.BindingOwners.Where(o => !connections.ContainsKey(o) && o != workload));
            if (owners.Count == 1)
            {
                secret.Add(FromConnectionSecret(workload, name, value, connections[owners.Single()]));
            }
            else if (owners.Count > 1)
            {
                secret.Add(FromWorkloadSecret(workload, name, value.Render()));
            }
            else if (value.SingleParameter is { IsSecret: true } parameter)
            {
                secrets.Declare(parameter.Parameter, $"secret parameter '{parameter.Parameter}'");
                secrets.TryAdd(parameter.Parameter, "value", parameter.Placeholder);
                secret.Add(new SecretSetting(name, parameter.Parameter, "value"));
            }
            else if (value.ContainsSecret || LooksSecret(name))
            {
                secret.Add(FromWorkloadSecret(workload, name, value.Render()));
            }
            else
            {
                plain[name] = value.Render();
            }
        }

        secret.Sort((a, b) => string.CompareOrdinal(a.Variable, b.Variable));
        return (plain, secret, dependencies, calls);
    }

    /// <summary>The backing services a value describes: whose connection string, bindings or own parameters it contains.</summary>
    public SortedSet<string> Owners(ResolvedValue value)
    {
        var owners = new SortedSet<string>(value.References.Where(connections.ContainsKey), StringComparer.Ordinal);
        foreach (var parameter in value.Parts.OfType<ParameterPart>())
        {
            if (connections.Values.FirstOrDefault(c => c.OwnedParameters.Contains(parameter.Parameter)) is { } owner)
            {
                owners.Add(owner.Resource.Name);
            }
        }

        return owners;
    }

    private SecretSetting FromConnectionSecret(string workload, string name, ResolvedValue value, ConnectionResource connection)
    {
        var rendered = value.Render();
        var key = connection.CanonicalKeyWithValue(rendered) ?? name;
        if (!secrets.TryAdd(connection.SecretName, key, rendered))
        {
            // Two workloads use the same variable name for different values: keep both, apart.
            key = $"{workload}.{name}";
            secrets.TryAdd(connection.SecretName, key, rendered);
        }

        return new SecretSetting(name, connection.SecretName, key);
    }

    private SecretSetting FromWorkloadSecret(string workload, string name, string rendered)
    {
        var secretName = $"{workload}-secrets";
        secrets.Declare(secretName, $"secret settings of '{workload}'");
        secrets.TryAdd(secretName, name, rendered);
        return new SecretSetting(name, secretName, name);
    }

    /// <summary>Names that must never be plain settings, whatever the manifest says about their values.</summary>
    public static bool LooksSecret(string name) =>
        name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || s_secretLookingWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));
}
