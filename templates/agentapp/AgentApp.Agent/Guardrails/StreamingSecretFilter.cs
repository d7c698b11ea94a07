using System.Text;

namespace AgentApp.Agent.Guardrails;

/// <summary>
/// Checks a streamed reply for secrets without sending any part of one: each update's text joins a held tail, and only
/// text before the last token boundary (and at least <c>tail</c> characters back, and before an unfinished private-key
/// block) is checked and released. A secret split across updates is therefore whole when it is checked.
/// </summary>
public sealed class StreamingSecretFilter(int tail, int maxHeld)
{
    private readonly StringBuilder _held = new();

    /// <summary>The kinds of secret redacted so far.</summary>
    public HashSet<string> Found { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds streamed text; returns what is safe to send now (possibly empty).</summary>
    public string Push(string text)
    {
        _held.Append(text);
        var held = _held.ToString();
        var cut = Math.Max(0, held.Length - tail);
        // Never release part of a token: back up to the whitespace before it.
        while (cut > 0 && !char.IsWhiteSpace(held[cut - 1]))
        {
            cut--;
        }

        // A private key spans lines: hold from its BEGIN line until its END line is whole.
        if (SecretPatterns.OpenPrivateKeyAt(held[..cut]) is var open and >= 0)
        {
            cut = open;
        }

        // A run this long is no single secret we know of; release it rather than buffer without bound.
        if (held.Length - cut > maxHeld)
        {
            cut = held.Length;
        }

        return Release(held, cut);
    }

    /// <summary>The end of the stream: checks and returns everything still held.</summary>
    public string Flush()
    {
        var held = _held.ToString();
        return Release(held, held.Length);
    }

    private string Release(string held, int cut)
    {
        if (cut == 0)
        {
            return "";
        }

        _held.Remove(0, cut);
        return SecretPatterns.Redact(held[..cut], Found);
    }
}
