using System.Text;
using System.Text.RegularExpressions;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// Shapes of secrets a reply must not carry, each replaced by <c>[redacted:&lt;kind&gt;]</c>. Provider keys have
/// prefixes; this app's own keys (the gateway's <c>X-Api-Key</c> values and its shared secret) are 32+ letters and
/// digits with no prefix, so the last shape is "a long run mixing upper case, lower case and digits".
/// </summary>
public static partial class SecretPatterns
{
    /// <summary>One shape.</summary>
    public sealed record Shape(string Kind, Regex Pattern, Func<string, bool>? Confirm = null)
    {
        /// <summary>What replaces a match.</summary>
        public string Replacement { get; } = $"[redacted:{Kind}]";
    }

    /// <summary>Every shape, most specific first.</summary>
    public static IReadOnlyList<Shape> All { get; } =
    [
        new("private-key", PrivateKey()),
        new("jwt", Jwt()),
        new("provider-key", ProviderKey()),
        new("api-key", HighEntropyToken(), MixesCaseAndDigits),
    ];

    /// <summary>Where an unfinished private key block starts in <paramref name="text"/>, or -1.</summary>
    public static int OpenPrivateKeyAt(string text)
    {
        var begin = text.LastIndexOf("-----BEGIN", StringComparison.Ordinal);
        if (begin < 0)
        {
            return -1;
        }

        // Closed only by a whole END line: a partial one may still be arriving.
        var end = text.IndexOf("-----END", begin, StringComparison.Ordinal);
        return end >= 0 && text.IndexOf("PRIVATE KEY-----", end, StringComparison.Ordinal) >= 0 ? -1 : begin;
    }

    /// <summary>Replaces every secret in <paramref name="text"/>; <paramref name="kinds"/> collects what was found.</summary>
    public static string Redact(string text, ISet<string> kinds)
    {
        foreach (var shape in All)
        {
            text = shape.Pattern.Replace(text, m =>
            {
                if (shape.Confirm?.Invoke(m.Value) == false)
                {
                    return m.Value;
                }

                kinds.Add(shape.Kind);
                return shape.Replacement;
            });
        }

        return text;
    }

    private static bool MixesCaseAndDigits(string token) =>
        token.Any(char.IsAsciiLetterUpper) && token.Any(char.IsAsciiLetterLower) && token.Count(char.IsAsciiDigit) >= 2;

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PrivateKey();

    // header.payload.signature, base64url; both JSON parts start with '{"' = "eyJ".
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Jwt();

    // OpenAI sk-…, AWS AKIA…, GitHub gh?_…, Slack xox?-…, Google AIza…, Stripe sk_live_/rk_live_….
    [GeneratedRegex(@"\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9\-]{10,}|AIza[0-9A-Za-z_\-]{35}|[sr]k_(?:live|test)_[A-Za-z0-9]{20,})",
        RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ProviderKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])[A-Za-z0-9]{32,}(?![A-Za-z0-9_\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex HighEntropyToken();
}
