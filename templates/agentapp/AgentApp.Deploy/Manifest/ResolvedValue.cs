namespace AgentApp.Deploy.Manifest;

/// <summary>A piece of a resolved manifest expression.</summary>
public abstract record ValuePart;

/// <summary>Text known when the YAML is generated: a host name, a port, a literal.</summary>
/// <param name="Text">The text.</param>
public sealed record LiteralPart(string Text) : ValuePart;

/// <summary>
/// A parameter value the manifest does not carry (a secret, or an input without a default). It is rendered as a
/// placeholder the operator replaces, never as a generated value.
/// </summary>
/// <param name="Parameter">The <c>parameter.v0</c> resource.</param>
/// <param name="IsSecret">True for <c>secret: true</c> inputs.</param>
/// <param name="UriEncoded">True when an <c>annotated.string</c> with <c>filter: uri</c> wrapped it.</param>
public sealed record ParameterPart(string Parameter, bool IsSecret, bool UriEncoded = false) : ValuePart
{
    /// <summary>The placeholder text: upper-case letters, digits and underscores, so it survives URIs and connection strings.</summary>
    public string Placeholder => Placeholders.For(Parameter);
}

/// <summary>A manifest expression resolved for the cluster: its parts, and what it depends on.</summary>
/// <param name="Parts">Literal text and parameter placeholders, in order.</param>
/// <param name="References">Every resource the expression reads (bindings, parameters, connection strings), transitively.</param>
/// <param name="ConnectionStrings">Resources whose <c>connectionString</c> the expression contains.</param>
/// <param name="BindingOwners">Resources whose bindings (host, port, url) the expression contains.</param>
public sealed record ResolvedValue(
    IReadOnlyList<ValuePart> Parts,
    IReadOnlySet<string> References,
    IReadOnlySet<string> ConnectionStrings,
    IReadOnlySet<string> BindingOwners)
{
    /// <summary>True when a secret parameter is part of the value.</summary>
    public bool ContainsSecret => Parts.OfType<ParameterPart>().Any(p => p.IsSecret);

    /// <summary>True when the value is exactly one parameter's value (no text around it).</summary>
    public ParameterPart? SingleParameter => Parts is [ParameterPart only] ? only : null;

    /// <summary>The value with placeholders in place of parameters the operator supplies.</summary>
    public string Render() => string.Concat(Parts.Select(p => p switch
    {
        LiteralPart literal => literal.Text,
        ParameterPart parameter => parameter.Placeholder,
        _ => throw new InvalidOperationException($"Unknown part {p}"),
    }));
}

/// <summary>How operator-supplied values look in generated files.</summary>
public static class Placeholders
{
    /// <summary>The prefix of every placeholder; tests and operators can grep for it.</summary>
    public const string Prefix = "REPLACE_ME_";

    /// <summary>The placeholder for a parameter, e.g. <c>REPLACE_ME_CACHE_PASSWORD</c>.</summary>
    public static string For(string parameter) =>
        Prefix + new string([.. parameter.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
}
