using System.Text.RegularExpressions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Credentials in query strings (<c>?api_key=…</c>, <c>&amp;access_token=…</c>, OAuth's <c>code</c>, signatures): their
/// values are replaced by <c>[redacted]</c> wherever a URL is logged or recorded, names kept so the record stays useful.
/// A client that sends a key in the URL is refused, but the URL it sent still reaches spans and logs.
/// </summary>
public static partial class QueryCredentials
{
    /// <summary>What replaces a value.</summary>
    public const string Replacement = "[redacted]";

    /// <summary>Redacts the credential parameters of every URL or query string in <paramref name="text"/>.</summary>
    public static string Redact(string text) =>
        text.Contains('=') && text.AsSpan().ContainsAny('?', '&') ? CredentialParameter().Replace(text, "${name}" + Replacement) : text;

    /// <summary>
    /// Redacts every value of a bare query string (OpenTelemetry's <c>url.query</c>, no leading <c>?</c>): a span
    /// attribute that holds only the query needs no guess at which names are secret.
    /// </summary>
    public static string RedactAllValues(string query) => AnyParameterValue().Replace(query, "${name}" + Replacement);

    [GeneratedRegex(@"(?<name>(?:^|[?&;])(?:[A-Za-z0-9_.\-]*(?:key|token|secret|password|passwd|pwd|signature|sig|credential|auth)[A-Za-z0-9_.\-]*|code|session|sessionid)=)[^&#;\s""'<>]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex CredentialParameter();

    [GeneratedRegex(@"(?<name>(?:^|[?&;])[^=&;#]*=)[^&#;]+", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex AnyParameterValue();
}
