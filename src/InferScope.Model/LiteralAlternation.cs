namespace InferScope.Model;

/// <summary>
/// Recognizes a regular expression that is only an alternation of literal strings, such as
/// <c>a|b|c</c> or <c>(10\.0\.0\.1:8000|10\.0\.0\.2:8000)</c>, the form dashboards build for a
/// variable with several values. Anchored, such a pattern matches exactly the strings listed, so
/// a set lookup replaces the automaton, however many strings there are.
/// </summary>
internal static class LiteralAlternation
{
    /// <summary>Returns the listed strings, or null when the pattern contains anything but literals, escaped punctuation and top-level <c>|</c>.</summary>
    public static HashSet<string>? TryParse(string pattern)
    {
        var body = StripGroup(pattern);
        var set = new HashSet<string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            switch (c)
            {
                case '|':
                    set.Add(current.ToString());
                    current.Clear();
                    break;
                case '\\':
                    // An escaped punctuation character is that character itself. An escaped letter or digit is a class or an assertion.
                    if (i + 1 >= body.Length || !IsEscapablePunctuation(body[i + 1]))
                    {
                        return null;
                    }

                    current.Append(body[++i]);
                    break;
                case '.' or '+' or '*' or '?' or '(' or ')' or '[' or ']' or '{' or '}' or '^' or '$':
                    return null;
                default:
                    current.Append(c);
                    break;
            }
        }

        set.Add(current.ToString());
        return set;
    }

    /// <summary>Removes one group around the whole pattern, plain or non-capturing, when nothing else is grouped.</summary>
    private static string StripGroup(string pattern)
    {
        var open = pattern.StartsWith("(?:", StringComparison.Ordinal) ? 3 : pattern.StartsWith('(') ? 1 : 0;
        if (open == 0 || !pattern.EndsWith(')') || pattern.Length < open + 1)
        {
            return pattern;
        }

        var inner = pattern[open..^1];
        return inner.Contains('(', StringComparison.Ordinal) || inner.Contains(')', StringComparison.Ordinal) ? pattern : inner;
    }

    private static bool IsEscapablePunctuation(char c) => c < 128 && !char.IsAsciiLetterOrDigit(c) && !char.IsWhiteSpace(c) && !char.IsControl(c);
}
