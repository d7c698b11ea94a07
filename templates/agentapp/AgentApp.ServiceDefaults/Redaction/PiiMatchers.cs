using System.Globalization;
using System.Runtime.CompilerServices;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Matchers for the fixed-format numbers among the <see cref="PiiPatterns"/>, each the exact equivalent of the regular
/// expression in its summary (greedy, and giving back as the expression's backtracking would), with ASCII digits and
/// letters. Hand-written because hostile text can be one long run of near-misses (a 256 KB run of "DE89 3704 "), and a
/// matcher compiled with full optimisation from its first call reads such a run in a millisecond, where an expression
/// takes tens of milliseconds on a request's first large input. Each returns the match's length at an index, or 0.
/// </summary>
public static class PiiMatchers
{
    /// <summary><c>(?&lt;![\w\-])\d(?:(?:[ \-]|%20)?\d){12,18}(?![\w])</c>: 13-19 digits, single separators between.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CardNumber(ReadOnlySpan<char> text, int index)
    {
        if (!char.IsAsciiDigit(text[index]) || PrecededBy(text, index, dashToo: true))
        {
            return 0;
        }

        // ends[k]: where the match would end after k + 1 digits.
        Span<int> ends = stackalloc int[19];
        var digits = 1;
        ends[0] = index + 1;
        while (digits < ends.Length)
        {
            var next = ends[digits - 1] + SeparatorLength(text, ends[digits - 1]);
            if (next >= text.Length || !char.IsAsciiDigit(text[next]))
            {
                break;
            }

            ends[digits++] = next + 1;
        }

        for (var count = digits; count >= 13; count--)
        {
            if (!FollowedBy(text, ends[count - 1], dashToo: false))
            {
                return ends[count - 1] - index;
            }
        }

        return 0;
    }

    /// <summary><c>(?&lt;![\w\-])\d{3}-\d{2}-\d{4}(?![\w\-])</c>: a US social security number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int SocialSecurityNumber(ReadOnlySpan<char> text, int index)
    {
        const int Length = 11;
        if (index + Length > text.Length || PrecededBy(text, index, dashToo: true) || FollowedBy(text, index + Length, dashToo: true))
        {
            return 0;
        }

        var candidate = text.Slice(index, Length);
        for (var i = 0; i < Length; i++)
        {
            if (i is 3 or 6 ? candidate[i] != '-' : !char.IsAsciiDigit(candidate[i]))
            {
                return 0;
            }
        }

        return Length;
    }

    /// <summary>
    /// <c>(?&lt;![\w\-])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w\-])</c>: a UK National
    /// Insurance number.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int NationalInsuranceNumber(ReadOnlySpan<char> text, int index)
    {
        if (index + 9 > text.Length || !IsPrefixLetter(text[index], first: true) || !IsPrefixLetter(text[index + 1], first: false)
            || PrecededBy(text, index, dashToo: true))
        {
            return 0;
        }

        var i = index + 2;
        for (var pair = 0; pair < 3; pair++)
        {
            i = SkipSpace(text, i);
            if (i + 2 > text.Length || !char.IsAsciiDigit(text[i]) || !char.IsAsciiDigit(text[i + 1]))
            {
                return 0;
            }

            i += 2;
        }

        i = SkipSpace(text, i);
        return i < text.Length && text[i] is >= 'A' and <= 'D' && !FollowedBy(text, i + 1, dashToo: true) ? i + 1 - index : 0;
    }

    /// <summary>
    /// <c>\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b</c>: an IBAN's shape, in groups of four or not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Iban(ReadOnlySpan<char> text, int index)
    {
        if (index + 12 > text.Length || !char.IsAsciiLetterUpper(text[index]) || !char.IsAsciiLetterUpper(text[index + 1])
            || !char.IsAsciiDigit(text[index + 2]) || !char.IsAsciiDigit(text[index + 3]) || (index > 0 && IsWordChar(text[index - 1])))
        {
            return 0;
        }

        // groupEnds[k]: where k + 1 groups of four end.
        Span<int> groupEnds = stackalloc int[7];
        var groups = 0;
        var at = index + 4;
        while (groups < groupEnds.Length && AlphanumericRun(text, SkipSpace(text, at)) >= 4)
        {
            at = groupEnds[groups++] = SkipSpace(text, at) + 4;
        }

        // Fewer groups each time: the optional last group of one to four (after a space or not), then none, ending at a
        // word boundary.
        for (; groups >= 2; groups--)
        {
            var end = groupEnds[groups - 1];
            var tail = SkipSpace(text, end);
            for (var length = Math.Min(4, AlphanumericRun(text, tail)); length >= 1; length--)
            {
                if (!WordContinues(text, tail + length))
                {
                    return tail + length - index;
                }
            }

            if (!WordContinues(text, end))
            {
                return end - index;
            }
        }

        return 0;
    }

    /// <summary>
    /// <c>\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*</c>: a JSON Web Token (header and payload are
    /// base64url JSON objects, so both begin "eyJ").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int JsonWebToken(ReadOnlySpan<char> text, int index)
    {
        if ((index > 0 && IsWordChar(text[index - 1])) || !text[index..].StartsWith("eyJ"))
        {
            return 0;
        }

        var header = Base64UrlRun(text, index + 3);
        var payload = header >= 5 && At(text, index + 3 + header, '.') && text[(index + 4 + header)..].StartsWith("eyJ")
            ? Base64UrlRun(text, index + 7 + header)
            : 0;
        if (payload < 5 || !At(text, index + 7 + header + payload, '.'))
        {
            return 0;
        }

        var end = index + 8 + header + payload;
        return end + Base64UrlRun(text, end) - index;
    }

    /// <summary>ISO 13616's check: the IBAN, first four characters moved to the end and letters as 10-35, is 1 mod 97.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IbanChecksum(ReadOnlySpan<char> candidate)
    {
        Span<char> compact = stackalloc char[34];
        var length = 0;
        foreach (var c in candidate)
        {
            if (c == ' ')
            {
                continue;
            }

            if (length == compact.Length)
            {
                return false;
            }

            compact[length++] = c;
        }

        if (length < 15)
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < length; i++)
        {
            var c = compact[(i + 4) % length];
            remainder = char.IsAsciiDigit(c) ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }

    /// <summary>The Luhn checksum every payment card number satisfies (URL-encoded spaces, "%20", are separators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Luhn(ReadOnlySpan<char> candidate)
    {
        var sum = 0;
        var digits = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            if (i >= 2 && candidate[(i - 2)..(i + 1)] is "%20")
            {
                i -= 2;
                continue;
            }

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

    private static int SeparatorLength(ReadOnlySpan<char> text, int at) =>
        at < text.Length && text[at] is ' ' or '-' ? 1 : text[at..].StartsWith("%20") ? 3 : 0;

    private static bool At(ReadOnlySpan<char> text, int at, char c) => at < text.Length && text[at] == c;

    private static int Base64UrlRun(ReadOnlySpan<char> text, int at)
    {
        var run = 0;
        while (at + run < text.Length && (char.IsAsciiLetterOrDigit(text[at + run]) || text[at + run] is '_' or '-'))
        {
            run++;
        }

        return run;
    }

    private static int SkipSpace(ReadOnlySpan<char> text, int at) => at < text.Length && text[at] == ' ' ? at + 1 : at;

    private static int AlphanumericRun(ReadOnlySpan<char> text, int at)
    {
        var run = 0;
        while (run < 4 && at + run < text.Length && (char.IsAsciiLetterUpper(text[at + run]) || char.IsAsciiDigit(text[at + run])))
        {
            run++;
        }

        return run;
    }

    // The first letter of a National Insurance prefix is never D, F, I, Q, U or V; the second never those or O.
    private static bool IsPrefixLetter(char c, bool first) =>
        char.IsAsciiLetterUpper(c) && c is not ('D' or 'F' or 'I' or 'Q' or 'U' or 'V') && (first || c != 'O');

    private static bool PrecededBy(ReadOnlySpan<char> text, int index, bool dashToo) =>
        index > 0 && (IsWordChar(text[index - 1]) || (dashToo && text[index - 1] == '-'));

    private static bool FollowedBy(ReadOnlySpan<char> text, int end, bool dashToo) =>
        end < text.Length && (IsWordChar(text[end]) || (dashToo && text[end] == '-'));

    // \b after a word character fails when another word character follows.
    private static bool WordContinues(ReadOnlySpan<char> text, int end) => end < text.Length && IsWordChar(text[end]);

    // .NET's \w: letters, decimal digits, connector punctuation and non-spacing marks.
    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || (c > 127 && CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation);
}
