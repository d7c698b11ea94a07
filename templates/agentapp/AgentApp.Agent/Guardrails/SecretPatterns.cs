using System.Text;
using System.Text.RegularExpressions;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// Shapes of secrets a reply must not carry, each replaced by <c>[redacted:&lt;kind&gt;]</c>, each found by the
/// non-backtracking engine (linear in the reply, whatever it holds). Provider keys have
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

    /// <summary>Every shape found by a regular expression, most specific first; API keys follow (<see cref="ApiKeyKind"/>).</summary>
    public static IReadOnlyList<Shape> All { get; } =
    [
        new("private-key", PrivateKey()),
        new("jwt", Jwt()),
        new("provider-key", ProviderKey()),
    ];

    /// <summary>
    /// The last shape: a whole run of key characters (letters, digits, '_' and '-'; so never part of a longer id) of 32
    /// or more, letters and digits only, mixing upper case, lower case and digits. Found by one pass over the text, not
    /// a regular expression: even the linear engine spent 167 ms of CPU on one 32 KB run.
    /// </summary>
    public const string ApiKeyKind = "api-key";

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

        return RedactApiKeys(text, kinds);
    }

    private static string RedactApiKeys(string text, ISet<string> kinds)
    {
        StringBuilder? result = null;
        var copied = 0;
        for (var start = 0; start < text.Length;)
        {
            var length = text.AsSpan(start).IndexOfAnyExcept(s_keyCharacters);
            length = length < 0 ? text.Length - start : length;
            if (length >= 32 && IsHighEntropyToken(text.AsSpan(start, length)))
            {
                result ??= new StringBuilder(text.Length);
                result.Append(text, copied, start - copied).Append($"[redacted:{ApiKeyKind}]");
                copied = start + length;
                kinds.Add(ApiKeyKind);
            }

            start += Math.Max(length, 1);
            var next = text.AsSpan(start).IndexOfAny(s_keyCharacters);
            start = next < 0 ? text.Length : start + next;
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    private static readonly System.Buffers.SearchValues<char> s_keyCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private static bool IsHighEntropyToken(ReadOnlySpan<char> run) =>
        run.IndexOfAny('_', '-') < 0 && run.IndexOfAnyInRange('A', 'Z') >= 0 && run.IndexOfAnyInRange('a', 'z') >= 0
        && CountDigits(run) >= 2;

    private static int CountDigits(ReadOnlySpan<char> run)
    {
        var digits = 0;
        foreach (var c in run)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        return digits;
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PrivateKey();

    // header.payload.signature, base64url; both JSON parts start with '{"' = "eyJ".
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Jwt();

    // OpenAI sk-…, AWS AKIA…, GitHub gh?_…, Slack xox?-…, Google AIza…, Stripe sk_live_/rk_live_….
    [GeneratedRegex(@"\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9\-]{10,}|AIza[0-9A-Za-z_\-]{35}|[sr]k_(?:live|test)_[A-Za-z0-9]{20,})",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ProviderKey();
}
