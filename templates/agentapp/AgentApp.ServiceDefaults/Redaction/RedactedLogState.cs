using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Compliance.Redaction;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A log record's structured values with every value redacted; its ToString is the redacted message, as providers that
/// ignore the formatter expect. Values that redaction leaves alone keep their type (numbers stay numbers).
/// </summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string OriginalFormat = "{OriginalFormat}";
    private readonly KeyValuePair<string, object?>[] _values;

    public RedactedLogState(IReadOnlyList<KeyValuePair<string, object?>> values, Redactor redactor, string? message)
    {
        Message = message;
        _values = new KeyValuePair<string, object?>[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var (key, value) = values[i];
            // The template is code, not data.
            _values[i] = new(key, key == OriginalFormat ? value : Redact(value, redactor));
        }
    }

    public string? Message { get; }

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message ?? string.Join(", ", _values.Select(v => $"{v.Key}={v.Value}"));

    internal static object? Redact(object? value, Redactor redactor)
    {
        switch (value)
        {
            case null or bool or Enum or Guid or DateTime or DateTimeOffset or TimeSpan:
                return value;
            case string text:
                return redactor.Redact(text);
            case IFormattable formattable:
                var invariant = formattable.ToString(null, CultureInfo.InvariantCulture);
                var redacted = redactor.Redact(invariant);
                return ReferenceEquals(redacted, invariant) || redacted == invariant ? value : redacted;
            case IEnumerable sequence:
                return redactor.Redact(string.Join(", ", sequence.Cast<object?>()));
            default:
                return redactor.Redact(value.ToString());
        }
    }
}
