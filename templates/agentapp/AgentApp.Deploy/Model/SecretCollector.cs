namespace AgentApp.Deploy.Model;

/// <summary>Collects Secret keys from every workload and component so that each value lives in exactly one place.</summary>
internal sealed class SecretCollector
{
    private readonly SortedDictionary<string, (string Purpose, SortedDictionary<string, string> Data)> _secrets = new(StringComparer.Ordinal);

    /// <summary>Declares a Secret (once; the first purpose wins).</summary>
    public void Declare(string name, string purpose)
    {
        if (!_secrets.ContainsKey(name))
        {
            _secrets[name] = (purpose, new SortedDictionary<string, string>(StringComparer.Ordinal));
        }
    }

    /// <summary>Adds a key; false when the key already holds a different value.</summary>
    public bool TryAdd(string name, string key, string value)
    {
        var data = _secrets[name].Data;
        if (data.TryGetValue(key, out var existing))
        {
            return existing == value;
        }

        data[key] = value;
        return true;
    }

    /// <summary>True when the Secret has the key.</summary>
    public bool Has(string name, string key) => _secrets.TryGetValue(name, out var secret) && secret.Data.ContainsKey(key);

    /// <summary>The Secrets, in name order, without empty ones.</summary>
    public IReadOnlyList<SecretDefinition> Build() =>
        [.. _secrets.Where(s => s.Value.Data.Count > 0).Select(s => new SecretDefinition(s.Key, s.Value.Purpose, s.Value.Data))];
}
