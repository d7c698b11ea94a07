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
        if (string.IsNullOrEmpty(source))
        {
            return "";
        }

        var text = QueryCredentials.Redact(source);
        if (!MayContainPii(text))
        {
            return text;
        }

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

    // Every shape but email (an '@', also escaped or encoded) is digits with separators (space, dash, parentheses, '+', '%20')
    // and, for UK NI numbers, capital letters, with no word character glued to its ends: at least five digits in one such
    // run when it has a '+' (international phones), six otherwise. So the values spans and logs are full of skip the
    // regular expressions: ids (hex digits glued to lowercase letters), addresses and ports, versions, timestamps.
    private static bool MayContainPii(string text)
    {
        if (text.AsSpan().ContainsAny(PiiPatterns.Markers))
        {
            return true;
        }

        var digits = 0;
        var plus = false;
        var run = 0;
        var gluedBefore = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                gluedBefore = run == 0 ? i > 0 && IsGlue(text[i - 1]) : gluedBefore;
                run++;
                continue;
            }

            if (run > 0)
            {
                // A digit run glued to a lowercase letter or '_' cannot be part of any shape.
                digits += gluedBefore || IsGlue(c) ? 0 : run;
                run = 0;
            }

            if (c is ' ' or '-' or '(' or ')' or '%' || char.IsAsciiLetterUpper(c))
            {
                continue;
            }

            if (c == '+')
            {
                plus = true;
                continue;
            }

            if (digits >= (plus ? 5 : 6))
            {
                return true;
            }

            (digits, plus) = (0, false);
        }

        digits += gluedBefore ? 0 : run;
        return digits >= (plus ? 5 : 6);
    }

    // Word characters a shape never has next to it (its regular expressions look around for \w), nor inside it.
    private static bool IsGlue(char c) => char.IsAsciiLetterLower(c) || c == '_' || (c > 127 && char.IsLetterOrDigit(c));
}
