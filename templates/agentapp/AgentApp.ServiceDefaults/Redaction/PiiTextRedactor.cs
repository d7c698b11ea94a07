using Microsoft.Extensions.Compliance.Redaction;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A Microsoft.Extensions.Compliance <see cref="Redactor"/> for free text: replaces each <see cref="PiiPatterns"/> shape
/// with a marker such as <c>[redacted:email]</c> and leaves the rest readable, so logs stay useful.
/// </summary>
public sealed class PiiTextRedactor : Redactor
{
    /// <inheritdoc />
    public override string Redact(string? source)
    {
        if (string.IsNullOrEmpty(source) || !MayContainPii(source))
        {
            return source ?? "";
        }

        var text = source;
        foreach (var shape in PiiPatterns.All)
        {
            text = shape.Pattern.Replace(text, m => shape.Confirm is null || shape.Confirm(m) ? shape.Replacement : m.Value);
        }

        return text;
    }

    /// <inheritdoc />
    public override int GetRedactedLength(ReadOnlySpan<char> input) => Redact(input.ToString()).Length;

    /// <inheritdoc />
    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var redacted = Redact(source.ToString());
        redacted.CopyTo(destination);
        return redacted.Length;
    }

    // Every shape has an '@' or at least seven digits: most log values have neither and skip the regular expressions.
    private static bool MayContainPii(string text)
    {
        if (text.Contains('@') || text.Contains("\\u0040", StringComparison.Ordinal) || text.Contains("%40", StringComparison.Ordinal))
        {
            return true;
        }

        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) && ++digits >= 7)
            {
                return true;
            }
        }

        return text.Length >= 9 && digits >= 6; // UK NI numbers: two letters, six digits, a letter
    }
}
