using System.Text.RegularExpressions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Shapes of personal data redacted from telemetry. Shapes, not a classifier: each one is a regular expression chosen to
/// catch the common written forms while leaving ids, timestamps, versions and IP addresses alone. Add a shape here and
/// every log record and span is covered.
/// </summary>
public static partial class PiiPatterns
{
    /// <summary>One shape and what replaces it.</summary>
    public sealed record Shape(string Name, Regex Pattern, Func<Match, bool>? Confirm = null)
    {
        /// <summary>The text that replaces a match.</summary>
        public string Replacement { get; } = $"[redacted:{Name}]";
    }

    /// <summary>Every shape, most specific first (a card number must not be half-eaten as a phone number).</summary>
    public static IReadOnlyList<Shape> All { get; } =
    [
        // name@domain.tld, also with '@' JSON-escaped (\u0040) or URL-encoded (%40), as serialized prompts and logged
        // query strings carry it.
        new("email", Email()),
        // IBAN: country, check digits, 11-30 letters and digits, grouped by spaces or not, that pass the ISO 7064 mod-97 check.
        new("iban", Iban(), m => IbanChecksum(m.Value)),
        // 13-19 digits, optionally grouped by single spaces (also URL-encoded) or dashes, that pass the Luhn check (so ticks
        // and ids do not).
        new("card", CardNumber(), m => Luhn(m.Value.Replace("%20", "", StringComparison.Ordinal))),
        // US SSN 123-45-6789 and UK National Insurance numbers AB 12 34 56 C.
        new("national-id", NationalId()),
        // International (+country code) or grouped national forms; dotted forms are left alone (they look like IPs).
        new("phone", Phone()),
        // A passport number named as one ("passport no. C01X00T47"): too like any other id to find without its name.
        new("passport", Passport()),
        // Credentials: provider API keys (OpenAI, AWS, GitHub, Slack, Google, Stripe), JWTs and bearer tokens.
        new("secret", Secret()),
    ];

    /// <summary>Strings at least one of the shapes above holds, so text without any of them skips the expressions.</summary>
    internal static System.Buffers.SearchValues<string> Markers { get; } = System.Buffers.SearchValues.Create(
        ["@", "\\u0040", "%40", "passport", "sk-", "AKIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "AIza",
         "_live_", "_test_", "eyJ", "bearer"], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+(?:@|\\u0040|%40)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w\-])\d(?:(?:[ \-]|%20)?\d){12,18}(?![\w])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CardNumber();

    [GeneratedRegex(@"(?<![\w\-])(?:\d{3}-\d{2}-\d{4}|[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D])(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NationalId();

    [GeneratedRegex(@"(?<![\w+\-])(?:\+\d{1,3}[ \-]?(?:\(\d{1,4}\)[ \-]?)?\d{2,4}(?:[ \-]?\d{2,4}){1,3}|\(\d{2,4}\)[ \-]?\d{3,4}[ \-]\d{3,4}|\d{3}[ \-]\d{3}[ \-]\d{4})(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Iban();

    [GeneratedRegex(@"\bpassport(?: (?:no\.?|number|nr\.?|#))?[ :#]*[A-Z0-9]{6,9}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Passport();

    [GeneratedRegex(@"\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9\-]{10,}|AIza[0-9A-Za-z_\-]{35}|[sr]k_(?:live|test)_[A-Za-z0-9]{20,}|eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*)|\b[Bb]earer [A-Za-z0-9._~+/\-]{16,}=*",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Secret();

    /// <summary>ISO 13616's check: the IBAN, first four characters moved to the end and letters as 10-35, is 1 mod 97.</summary>
    public static bool IbanChecksum(string candidate)
    {
        var compact = candidate.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Length is < 15 or > 34)
        {
            return false;
        }

        var remainder = 0;
        foreach (var c in compact[4..] + compact[..4])
        {
            remainder = char.IsAsciiDigit(c) ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }

    /// <summary>The Luhn checksum every payment card number satisfies.</summary>
    public static bool Luhn(string candidate)
    {
        var sum = 0;
        var digits = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(candidate[i]))
            {
                continue;
            }

            var d = candidate[i] - '0';
            if (digits++ % 2 == 1 && (d *= 2) > 9)
            {
                d -= 9;
            }

            sum += d;
        }

        return digits >= 13 && sum % 10 == 0;
    }
}
