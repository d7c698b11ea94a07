using System.Buffers;
using System.Runtime.CompilerServices;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Where in a text a shape's regular expression could match, found in one linear pass without a regular expression, so
/// the expression runs only over those windows: most text (ids, addresses, versions, prose) has none, and a long hostile
/// run of near-misses is ruled out here instead of costing the expression a try at every character.
/// </summary>
public abstract class PiiCandidates
{
    /// <summary>
    /// The next window at or after <paramref name="from"/> that may hold a match: <paramref name="start"/> is where
    /// matching may begin, <paramref name="end"/> where the match must have ended. False when there is none.
    /// </summary>
    public abstract bool TryFindNext(ReadOnlySpan<char> text, int from, out int start, out int end);

    /// <summary>The rest of the text, when it holds one of <paramref name="markers"/> (an '@', a key prefix, a keyword).</summary>
    public static PiiCandidates Containing(params string[] markers) => new Markers(markers);

    /// <summary>
    /// Digits joined by at most two of space, dash and parentheses that a phone number's written forms need: five or more
    /// right after a '+', eight or more with a parenthesis, else ten or more with a group of exactly three. A group glued to
    /// a lowercase letter or '_', or longer than any phone number, does not count.
    /// </summary>
    public static PiiCandidates PhoneNumbers { get; } = new PhoneClusters();

    private sealed class Markers(string[] markers) : PiiCandidates
    {
        private readonly SearchValues<char> _openers = SearchValues.Create(
            string.Concat(markers.Select(m => $"{char.ToLowerInvariant(m[0])}{char.ToUpperInvariant(m[0])}")));

        // A search for the markers' first characters, then a comparison: fully optimized from the first call.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool TryFindNext(ReadOnlySpan<char> text, int from, out int start, out int end)
        {
            (start, end) = (from, text.Length);
            for (var i = from; i < text.Length; i++)
            {
                var next = text[i..].IndexOfAny(_openers);
                if (next < 0)
                {
                    return false;
                }

                i += next;
                var opener = char.ToLowerInvariant(text[i]);
                foreach (var marker in markers)
                {
                    if (char.ToLowerInvariant(marker[0]) == opener && text[i..].StartsWith(marker, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    private sealed class PhoneClusters : PiiCandidates
    {
        private const int LongestGroup = 19;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override bool TryFindNext(ReadOnlySpan<char> text, int from, out int start, out int end)
        {
            for (var i = from; i < text.Length; i++)
            {
                if (!char.IsAsciiDigit(text[i]))
                {
                    continue;
                }

                var first = i;
                var opener = first > 0 ? text[first - 1] : '\0';
                var last = Measure(text, first, out var digits, out var paren, out var groupOfThree);
                i = last;
                if ((opener == '+' && digits >= 5) || ((paren || opener == '(') && digits >= 8) || (groupOfThree && digits >= 10))
                {
                    (start, end) = (Math.Max(0, first - 1), last + 1);
                    return true;
                }
            }

            (start, end) = (text.Length, text.Length);
            return false;
        }

        // Walks one cluster from its first digit to its last: the digits in groups that count, whether a parenthesis
        // joins two groups, whether a group of exactly three counts.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Measure(ReadOnlySpan<char> text, int first, out int digits, out bool paren, out bool groupOfThree)
        {
            (digits, paren, groupOfThree) = (0, false, false);
            var (group, gap, last) = (0, 0, first);
            var glued = first > 0 && IsGlue(text[first - 1]);
            for (var j = first; j <= text.Length; j++)
            {
                var c = j < text.Length ? text[j] : '\0';
                if (char.IsAsciiDigit(c))
                {
                    group = gap > 0 ? 1 : group + 1;
                    (gap, last) = (0, j);
                    continue;
                }

                if (group > 0 && gap == 0 && !glued && !IsGlue(c) && group <= LongestGroup)
                {
                    (digits, groupOfThree) = (digits + group, groupOfThree || group == 3);
                }

                glued = false;
                if (c is not (' ' or '-' or '(' or ')') || ++gap > 2)
                {
                    return last;
                }

                paren |= c is '(' or ')';
            }

            return last;
        }
    }

    // Word characters a shape never has next to it (its regular expressions look around for \w), nor inside it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsGlue(char c) => char.IsAsciiLetterLower(c) || c == '_' || (c > 127 && char.IsLetterOrDigit(c));
}
