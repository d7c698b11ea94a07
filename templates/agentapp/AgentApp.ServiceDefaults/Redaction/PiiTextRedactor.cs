using System.Text;
using Microsoft.Extensions.Compliance.Redaction;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A Microsoft.Extensions.Compliance <see cref="Redactor"/> for free text: replaces each <see cref="PiiPatterns"/> shape
/// with a marker such as <c>[redacted:email]</c> and leaves the rest readable, so logs stay useful. Linear in the text's
/// length: a shape's regular expression runs only where its candidates are, fixed-format numbers are matched by hand.
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
        foreach (var shape in PiiPatterns.All)
        {
            text = Redact(text, shape);
        }

        return text;
    }

    // The text is copied only when something is replaced.
    private static string Redact(string text, PiiShape shape)
    {
        StringBuilder? redacted = null;
        var copied = 0;
        while (shape.TryFindNext(text, copied, out var index, out var length))
        {
            redacted ??= new StringBuilder(text.Length);
            redacted.Append(text, copied, index - copied).Append(shape.Replacement);
            copied = index + length;
        }

        return redacted is null ? text : redacted.Append(text, copied, text.Length - copied).ToString();
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
}
