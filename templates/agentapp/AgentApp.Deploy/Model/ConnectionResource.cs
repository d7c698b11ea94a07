using AgentApp.Deploy.Manifest;

namespace AgentApp.Deploy.Model;

/// <summary>
/// A resource with a connection string, and the Secret <c>&lt;name&gt;-connection</c> that holds everything clients need
/// about it. The operator fills this one Secret (or points it at a managed service); every setting and Dapr component
/// that describes the resource reads from it.
/// </summary>
internal sealed class ConnectionResource
{
    private readonly List<KeyValuePair<string, string>> _canonical = [];
    private readonly Dictionary<string, string> _parameterKeys = new(StringComparer.Ordinal);

    private ConnectionResource(ManifestResource resource) => Resource = resource;

    /// <summary>The manifest resource.</summary>
    public ManifestResource Resource { get; }

    /// <summary>The Secret name.</summary>
    public string SecretName => $"{Resource.Name}-connection";

    /// <summary>Parameters only this resource's connection string or container uses (e.g. <c>cache-password</c>).</summary>
    public IEnumerable<string> OwnedParameters => _parameterKeys.Keys;

    /// <summary>
    /// Keys every client can rely on: <c>connectionString</c>; <c>address</c> (host:port), <c>host</c> and <c>port</c> of
    /// the primary binding; one key per owned parameter, named without the resource prefix (<c>cache-password</c> → <c>password</c>).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> CanonicalKeys => _canonical;

    /// <summary>The key that holds an owned parameter's value.</summary>
    public string KeyFor(string parameter) => _parameterKeys[parameter];

    /// <summary>The canonical key holding exactly <paramref name="value"/>, or null.</summary>
    public string? CanonicalKeyWithValue(string value) => _canonical.FirstOrDefault(k => k.Value == value).Key;

    /// <summary>Reads the connection string and primary binding of <paramref name="resource"/>.</summary>
    public static ConnectionResource Create(ManifestResource resource, ExpressionResolver resolver)
    {
        var connection = new ConnectionResource(resource);
        var connectionString = resolver.Resolve($"{{{resource.Name}.connectionString}}");
        connection._canonical.Add(KeyValuePair.Create("connectionString", connectionString.Render()));
        if (resource.Bindings is [var primary, ..])
        {
            var host = resource.Name;
            var port = ExpressionResolver.ServicePort(resource, primary).ToString(System.Globalization.CultureInfo.InvariantCulture);
            connection._canonical.Add(KeyValuePair.Create("address", $"{host}:{port}"));
            connection._canonical.Add(KeyValuePair.Create("host", host));
            connection._canonical.Add(KeyValuePair.Create("port", port));
        }

        var parameters = connectionString.Parts.OfType<ParameterPart>()
            .Concat(resource.Env.SelectMany(e => resolver.Resolve(e.Value).Parts.OfType<ParameterPart>()))
            .Where(p => p.Parameter != resource.Name)
            .Select(p => p with { UriEncoded = false })
            .Distinct()
            .OrderBy(p => p.Parameter, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var prefix = resource.Name + "-";
            var key = parameter.Parameter.StartsWith(prefix, StringComparison.Ordinal) ? parameter.Parameter[prefix.Length..] : parameter.Parameter;
            if (connection._canonical.Any(k => k.Key == key))
            {
                key = parameter.Parameter;
            }

            connection._parameterKeys[parameter.Parameter] = key;
            connection._canonical.Add(KeyValuePair.Create(key, parameter.Placeholder));
        }

        return connection;
    }

    /// <summary>Declares the Secret and its canonical keys.</summary>
    public void AddTo(SecretCollector secrets)
    {
        secrets.Declare(SecretName, $"connection to '{Resource.Name}': replace with the managed service's values, or keep for --with-infrastructure");
        foreach (var (key, value) in _canonical)
        {
            secrets.TryAdd(SecretName, key, value);
        }
    }
}
