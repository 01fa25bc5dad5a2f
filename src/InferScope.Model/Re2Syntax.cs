using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace InferScope.Model;

/// <summary>
/// Translates the RE2 syntax that Prometheus's regular expressions use (Go's regexp/syntax) into
/// the .NET equivalent where .NET lacks it: POSIX classes inside brackets (<c>[[:alpha:]]</c>,
/// negated <c>[[:^digit:]]</c>), <c>\Q…\E</c> literals, <c>(?P&lt;name&gt;…)</c> groups and the
/// one-letter Unicode class <c>\pL</c>. Everything else passes through unchanged, so .NET reports
/// its own errors for it. The matchers and <c>label_replace</c> use this one translation.
/// </summary>
public static class Re2Syntax
{
    private const char MaxChar = '\uFFFF';

    // RE2's POSIX classes are ASCII-only: its syntax page lists them as "ASCII character classes".
    private static readonly Dictionary<string, (char First, char Last)[]> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')],
        ["alpha"] = [('A', 'Z'), ('a', 'z')],
        ["ascii"] = [('\x00', '\x7F')],
        ["blank"] = [('\t', '\t'), (' ', ' ')],
        ["cntrl"] = [('\x00', '\x1F'), ('\x7F', '\x7F')],
        ["digit"] = [('0', '9')],
        ["graph"] = [('!', '~')],
        ["lower"] = [('a', 'z')],
        ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        ["space"] = [('\t', '\r'), (' ', ' ')],
        ["upper"] = [('A', 'Z')],
        ["word"] = [('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')],
        ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
    };

    /// <summary>Returns <paramref name="pattern"/> in .NET syntax.</summary>
    /// <exception cref="ArgumentException">The pattern uses an RE2 construct that has no .NET equivalent; the message names it.</exception>
    public static string ToDotNet(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var output = new StringBuilder(pattern.Length + 16);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                i = TranslateEscape(pattern, i, output);
            }
            else if (c == '[')
            {
                i = TranslateClass(pattern, i, output);
            }
            else if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                output.Append("(?<");
                i += 4;
            }
            else if (c == '(' && i + 1 < pattern.Length && pattern[i + 1] == '?')
            {
                CheckFlags(pattern, i);
                output.Append(c);
                i++;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        return output.ToString();
    }

    private static int TranslateEscape(string pattern, int start, StringBuilder output)
    {
        var next = pattern[start + 1];
        switch (next)
        {
            case 'Q':
                {
                    var end = pattern.IndexOf("\\E", start + 2, StringComparison.Ordinal);
                    var literal = end < 0 ? pattern[(start + 2)..] : pattern[(start + 2)..end];
                    output.Append(Regex.Escape(literal));
                    return end < 0 ? pattern.Length : end + 2;
                }

            case 'C':
                throw new ArgumentException("\\C (any byte) is not supported; use . to match any character.");
            case 'p' or 'P' when start + 2 < pattern.Length && pattern[start + 2] != '{':
                output.Append('\\').Append(next).Append('{').Append(pattern[start + 2]).Append('}');
                return start + 3;
            default:
                output.Append('\\').Append(next);
                return start + 2;
        }
    }

    private static void CheckFlags(string pattern, int start)
    {
        for (var i = start + 2; i < pattern.Length && pattern[i] is not (')' or ':'); i++)
        {
            if (pattern[i] == 'U')
            {
                throw new ArgumentException("the flag U (ungreedy by default) is not supported; mark each quantifier lazy with ? instead, such as .*?");
            }
        }
    }

    /// <summary>Translates one bracket expression starting at <paramref name="start"/>; returns the index after it.</summary>
    private static int TranslateClass(string pattern, int start, StringBuilder output)
    {
        var i = start + 1;
        output.Append('[');
        if (i < pattern.Length && pattern[i] == '^')
        {
            output.Append('^');
            i++;
        }

        // In RE2, as in POSIX, a ] right after [ or [^ is a literal.
        var first = true;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == ']' && !first)
            {
                output.Append(']');
                return i + 1;
            }

            first = false;
            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    output.Append("\\[");
                    i++;
                    continue;
                }

                var name = pattern[(i + 2)..close];
                var negated = name.StartsWith('^');
                if (!PosixClasses.TryGetValue(negated ? name[1..] : name, out var ranges))
                {
                    throw new ArgumentException(
                        $"unknown POSIX class [:{name}:]; use one of {string.Join(", ", PosixClasses.Keys.Select(k => $"[:{k}:]"))}, or [:^name:] for the complement.");
                }

                AppendRanges(output, negated ? Complement(ranges) : ranges);
                i = close + 2;
            }
            else if (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] != 'Q')
            {
                i = TranslateEscape(pattern, i, output);
            }
            else if (c == '\\' && i + 1 < pattern.Length)
            {
                // RE2 rejects \Q inside a class, and so does .NET.
                output.Append(c).Append(pattern[i + 1]);
                i += 2;
            }
            else if (c == '[')
            {
                // A literal [ in RE2; in .NET "-[" would start a class subtraction.
                output.Append("\\[");
                i++;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        // An unclosed class: let .NET report it on the untranslated remainder.
        return i;
    }

    private static (char First, char Last)[] Complement((char First, char Last)[] ranges)
    {
        var result = new List<(char, char)>();
        var next = 0;
        foreach (var (rangeFirst, rangeLast) in ranges.OrderBy(r => r.First))
        {
            if (rangeFirst > next)
            {
                result.Add(((char)next, (char)(rangeFirst - 1)));
            }

            next = rangeLast + 1;
        }

        if (next <= MaxChar)
        {
            result.Add(((char)next, MaxChar));
        }

        return [.. result];
    }

    private static void AppendRanges(StringBuilder output, (char First, char Last)[] ranges)
    {
        foreach (var (rangeFirst, rangeLast) in ranges)
        {
            output.Append(CultureInfo.InvariantCulture, $"\\u{(int)rangeFirst:X4}");
            if (rangeLast != rangeFirst)
            {
                output.Append(CultureInfo.InvariantCulture, $"-\\u{(int)rangeLast:X4}");
            }
        }
    }
}
