namespace AgentApp.Hosting;

/// <summary>
/// One <c>spec.metadata</c> item of a Dapr component. It lives in the app model, not in the manifest (Aspire's schema
/// allows only the component type there), so a deployment generator can read it and decide how to render it.
/// </summary>
public sealed class DaprComponentMetadataAnnotation : IResourceAnnotation
{
    /// <summary>A literal value, e.g. <c>actorStateStore: "true"</c>.</summary>
    public DaprComponentMetadataAnnotation(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
    }

    /// <summary>A value resolved when daprd starts, e.g. an endpoint, a parameter or part of a connection string.</summary>
    public DaprComponentMetadataAnnotation(string name, IValueProvider value, bool isSecret = false, IResource? source = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        IsSecret = isSecret;
        Source = source;
    }

    /// <summary>The metadata name, e.g. <c>redisHost</c>.</summary>
    public string Name { get; }

    /// <summary>A <see cref="string"/> or an <see cref="IValueProvider"/>.</summary>
    public object Value { get; }

    /// <summary>True for credentials: a Kubernetes generator should render a <c>secretKeyRef</c>, not a value.</summary>
    public bool IsSecret { get; }

    /// <summary>The resource the value comes from (e.g. the Redis the store points at), when there is one.</summary>
    public IResource? Source { get; }

    /// <summary>Resolves the value; <see langword="null"/> means "leave this item out" (e.g. Redis without a password).</summary>
    public async ValueTask<string?> ResolveAsync(CancellationToken cancellationToken = default) => Value switch
    {
        string literal => literal,
        IValueProvider provider => await provider.GetValueAsync(cancellationToken).ConfigureAwait(false),
        _ => throw new InvalidOperationException($"Unsupported metadata value type {Value.GetType()}."),
    };
}
