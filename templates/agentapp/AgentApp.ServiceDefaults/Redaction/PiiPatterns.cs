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
        // 13-19 digits, optionally grouped by single spaces (also URL-encoded) or dashes, that pass the Luhn check (so ticks
        // and ids do not).
        new("card", CardNumber(), m => Luhn(m.Value.Replace("%20", "", StringComparison.Ordinal))),
        // US SSN 123-45-6789 and UK National Insurance numbers AB 12 34 56 C.
        new("national-id", NationalId()),
        // International (+country code) or grouped national forms; dotted forms are left alone (they look like IPs).
        new("phone", Phone()),
    ];

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+(?:@|\\u0040|%40)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w\-])\d(?:(?:[ \-]|%20)?\d){12,18}(?![\w])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CardNumber();

    [GeneratedRegex(@"(?<![\w\-])(?:\d{3}-\d{2}-\d{4}|[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D])(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NationalId();

    [GeneratedRegex(@"(?<![\w+\-])(?:\+\d{1,3}[ \-]?(?:\(\d{1,4}\)[ \-]?)?\d{2,4}(?:[ \-]?\d{2,4}){1,3}|\(\d{2,4}\)[ \-]?\d{3,4}[ \-]\d{3,4}|\d{3}[ \-]\d{3}[ \-]\d{4})(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Phone();

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
