using System.Text.RegularExpressions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Shapes of personal data redacted from telemetry. Shapes, not a classifier: each one is chosen to catch the common
/// written forms while leaving ids, timestamps, versions and IP addresses alone. Add a shape here and every log record and
/// span is covered. Every shape reads a text in linear time.
/// </summary>
public static partial class PiiPatterns
{
    private const string Digits = "0123456789";
    private const string UpperCaseLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Every shape, most specific first (a card number must not be half-eaten as a phone number).</summary>
    public static IReadOnlyList<PiiShape> All { get; } =
    [
        // name@domain.tld, also with '@' JSON-escaped (\u0040) or URL-encoded (%40), as serialized prompts and logged
        // query strings carry it.
        PiiShape.FromRegex("email", Email(), PiiCandidates.Containing("@", "\\u0040", "%40")),
        // IBAN: country, check digits, 11-30 letters and digits, grouped by spaces or not, that pass the ISO 7064 mod-97 check.
        PiiShape.FromMatcher("iban", UpperCaseLetters, PiiMatchers.Iban, PiiMatchers.IbanChecksum),
        // 13-19 digits, optionally grouped by single spaces (also URL-encoded) or dashes, that pass the Luhn check (so ticks
        // and ids do not).
        PiiShape.FromMatcher("card", Digits, PiiMatchers.CardNumber, PiiMatchers.Luhn),
        // US SSN 123-45-6789 and UK National Insurance numbers AB 12 34 56 C.
        PiiShape.FromMatcher("national-id", Digits, PiiMatchers.SocialSecurityNumber),
        PiiShape.FromMatcher("national-id", UpperCaseLetters, PiiMatchers.NationalInsuranceNumber),
        // International (+country code) or grouped national forms; dotted forms are left alone (they look like IPs).
        PiiShape.FromRegex("phone", Phone(), PiiCandidates.PhoneNumbers),
        // A passport number named as one ("passport no. C01X00T47"): too like any other id to find without its name.
        PiiShape.FromRegex("passport", Passport(), PiiCandidates.Containing("passport")),
        // Credentials: provider API keys (OpenAI, AWS, GitHub, Slack, Google, Stripe), JWTs and bearer tokens.
        PiiShape.FromRegex("secret", Secret(), PiiCandidates.Containing(
            "sk-", "AKIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "AIza", "_live_", "_test_", "bearer")),
        PiiShape.FromMatcher("secret", "e", PiiMatchers.JsonWebToken),
    ];

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+(?:@|\\u0040|%40)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Email();

    // Bounded repetition and a match timeout (its look-arounds keep it off the non-backtracking engine).
    [GeneratedRegex(@"(?<![\w+\-])(?:\+\d{1,3}[ \-]?(?:\(\d{1,4}\)[ \-]?)?\d{2,4}(?:[ \-]?\d{2,4}){1,3}|\(\d{2,4}\)[ \-]?\d{3,4}[ \-]\d{3,4}|\d{3}[ \-]\d{3}[ \-]\d{4})(?![\w\-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Phone();

    [GeneratedRegex(@"\bpassport(?: (?:no\.?|number|nr\.?|#))?[ :#]*[A-Z0-9]{6,9}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Passport();

    [GeneratedRegex(@"\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}|xox[abprs]-[A-Za-z0-9\-]{10,}|AIza[0-9A-Za-z_\-]{35}|[sr]k_(?:live|test)_[A-Za-z0-9]{20,})|\b[Bb]earer [A-Za-z0-9._~+/\-]{16,}=*",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Secret();
}
