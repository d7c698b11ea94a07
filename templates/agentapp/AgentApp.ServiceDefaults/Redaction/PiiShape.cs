using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Microsoft.Extensions.Hosting;

/// <summary>One shape of personal data or credential and the marker that replaces it, such as <c>[redacted:email]</c>.</summary>
public abstract class PiiShape(string name)
{
    /// <summary>The shape's name, as the marker shows it.</summary>
    public string Name { get; } = name;

    /// <summary>The text that replaces a match.</summary>
    public string Replacement { get; } = $"[redacted:{name}]";

    /// <summary>
    /// The next occurrence at or after <paramref name="from"/> that is to be redacted. Occurrences never overlap: after a
    /// match that fails its check (a checksum), the search goes on after it, as a regular expression's would.
    /// </summary>
    public abstract bool TryFindNext(ReadOnlySpan<char> text, int from, out int index, out int length);

    /// <summary>A span's check, such as a checksum.</summary>
    public delegate bool Check(ReadOnlySpan<char> match);

    /// <summary>The length of the shape's match that starts at <paramref name="index"/>, or 0.</summary>
    public delegate int Matcher(ReadOnlySpan<char> text, int index);

    /// <summary>A shape found by a regular expression, run only over the windows <paramref name="candidates"/> finds.</summary>
    public static PiiShape FromRegex(string name, Regex pattern, PiiCandidates candidates, Check? confirm = null) =>
        new RegexShape(name, pattern, candidates, confirm);

    /// <summary>
    /// A shape found by a hand-written matcher tried at each of <paramref name="openers"/>: for fixed formats whose
    /// near-misses can be dense in hostile input, where a matcher costs a few nanoseconds a character from the first call.
    /// </summary>
    public static PiiShape FromMatcher(string name, string openers, Matcher matcher, Check? confirm = null) =>
        new MatcherShape(name, SearchValues.Create(openers), matcher, confirm);

    private sealed class RegexShape(string name, Regex pattern, PiiCandidates candidates, Check? confirm) : PiiShape(name)
    {
        public override bool TryFindNext(ReadOnlySpan<char> text, int from, out int index, out int length)
        {
            while (candidates.TryFindNext(text, from, out var start, out var end))
            {
                // One character past the window, so the expression's look-ahead sees what really follows.
                var window = text[..Math.Min(text.Length, end + 1)];
                foreach (var match in pattern.EnumerateMatches(window, Math.Max(start, from)))
                {
                    if (confirm is null || confirm(window.Slice(match.Index, match.Length)))
                    {
                        (index, length) = (match.Index, match.Length);
                        return true;
                    }
                }

                from = Math.Max(from, end);
            }

            (index, length) = (text.Length, 0);
            return false;
        }
    }

    private sealed class MatcherShape(string name, SearchValues<char> openers, Matcher matcher, Check? confirm) : PiiShape(name)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool TryFindNext(ReadOnlySpan<char> text, int from, out int index, out int length)
        {
            for (var i = from; i < text.Length; i++)
            {
                var next = text[i..].IndexOfAny(openers);
                if (next < 0)
                {
                    break;
                }

                i += next;
                if ((length = matcher(text, i)) == 0)
                {
                    continue;
                }

                if (confirm is null || confirm(text.Slice(i, length)))
                {
                    index = i;
                    return true;
                }

                i += length - 1;
            }

            (index, length) = (text.Length, 0);
            return false;
        }
    }
}
