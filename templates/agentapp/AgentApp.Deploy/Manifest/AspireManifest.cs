using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentApp.Deploy.Manifest;

/// <summary>An Aspire deployment manifest (<c>aspire-manifest.json</c>) as written by <c>--publisher manifest</c>.</summary>
public sealed class AspireManifest
{
    private readonly SortedDictionary<string, ManifestResource> _resources;

    private AspireManifest(SortedDictionary<string, ManifestResource> resources) => _resources = resources;

    /// <summary>Every resource, in ordinal name order so that everything derived from it is ordered too.</summary>
    public IEnumerable<ManifestResource> Resources => _resources.Values;

    /// <summary>The resource called <paramref name="name"/>.</summary>
    /// <exception cref="ManifestException">There is no such resource.</exception>
    public ManifestResource this[string name] =>
        _resources.TryGetValue(name, out var resource) ? resource : throw new ManifestException($"The manifest has no resource '{name}'.");

    /// <summary>The resource called <paramref name="name"/>, or null.</summary>
    public ManifestResource? Find(string name) => _resources.GetValueOrDefault(name);

    /// <summary>Reads a manifest file.</summary>
    public static AspireManifest Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses manifest JSON.</summary>
    /// <exception cref="ManifestException">The JSON is not a manifest.</exception>
    public static AspireManifest Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ManifestException($"The manifest is not valid JSON: {ex.Message}");
        }

        if (root?["resources"] is not JsonObject resources)
        {
            throw new ManifestException("The manifest has no 'resources' object.");
        }

        var parsed = new SortedDictionary<string, ManifestResource>(StringComparer.Ordinal);
        foreach (var (name, value) in resources)
        {
            if (value is not JsonObject entry || entry["type"]?.GetValue<string>() is not { } type)
            {
                throw new ManifestException($"Resource '{name}' has no 'type'.");
            }

            parsed[name] = new ManifestResource(name, type, entry);
        }

        return new AspireManifest(parsed);
    }
}

/// <summary>The manifest is malformed or describes something the generator cannot deploy.</summary>
public sealed class ManifestException(string message) : Exception(message);
