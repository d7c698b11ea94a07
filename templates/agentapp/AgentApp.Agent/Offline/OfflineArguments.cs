using System.Globalization;
using System.Text.Json;

namespace AgentApp.Agent.Offline;

/// <summary>
/// Arguments for a tool the offline model is told to call but does not understand (a client's own function, forced by
/// <c>tool_choice</c>): filled from the tool's JSON schema and the user's message, the same way every time.
/// </summary>
public static class OfflineArguments
{
    /// <summary>
    /// One value per required property (every property when none is required): a string gets the message, a number the
    /// first number in it (else 0), an enum its first value, a boolean false, an array or object an empty one.
    /// </summary>
    public static Dictionary<string, object?> FromSchema(JsonElement schema, string message)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        var required = schema.TryGetProperty("required", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var property in properties.EnumerateObject().Where(p => required.Count == 0 || required.Contains(p.Name)))
        {
            result[property.Name] = ValueFor(property.Value, message);
        }

        return result;
    }

    private static object? ValueFor(JsonElement schema, string message)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return message.Trim();
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            return values[0].Clone();
        }

        return TypeOf(schema) switch
        {
            "integer" => FirstNumber(message) is { } n ? (long)Math.Truncate(n) : 0L,
            "number" => FirstNumber(message) ?? 0d,
            "boolean" => false,
            "array" => Array.Empty<object>(),
            "object" => new Dictionary<string, object?>(),
            _ => message.Trim(),
        };
    }

    // "type": "string", or "type": ["string", "null"].
    private static string? TypeOf(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? null
        : type.ValueKind == JsonValueKind.String ? type.GetString()
        : type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()).FirstOrDefault(t => t != "null")
            : null;

    // A plain scan, linear in the message: optional minus, digits, optional fraction.
    private static double? FirstNumber(string message)
    {
        for (var i = 0; i < message.Length; i++)
        {
            if (!char.IsAsciiDigit(message[i]))
            {
                continue;
            }

            var start = i > 0 && message[i - 1] == '-' ? i - 1 : i;
            while (i < message.Length && char.IsAsciiDigit(message[i]))
            {
                i++;
            }

            if (i + 1 < message.Length && message[i] == '.' && char.IsAsciiDigit(message[i + 1]))
            {
                i++;
                while (i < message.Length && char.IsAsciiDigit(message[i]))
                {
                    i++;
                }
            }

            return double.Parse(message.AsSpan(start, i - start), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }

        return null;
    }
}
