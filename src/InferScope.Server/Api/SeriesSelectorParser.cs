using System.Text;
using InferScope.Model;
using MatchType = InferScope.Model.MatchType;

namespace InferScope.Server.Api;

/// <summary>
/// Parses a PromQL series selector such as <c>up{job="api",code=~"5.."}</c> into matchers, for the
/// <c>match[]</c> parameters of the series, labels and federation endpoints. Only selectors are
/// accepted: no range, offset or functions, as Prometheus requires for <c>match[]</c>.
/// </summary>
public static class SeriesSelectorParser
{
    /// <summary>Parses one selector; the message of the exception gives the 1-based column.</summary>
    /// <exception cref="FormatException">The text is not a series selector.</exception>
    public static IReadOnlyList<Matcher> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        var matchers = new List<Matcher>();
        SkipSpace(text, ref position);
        var nameStart = position;
        while (position < text.Length && IsNameChar(text[position], position == nameStart, allowColon: true))
        {
            position++;
        }

        if (position > nameStart)
        {
            matchers.Add(Matcher.Equal(LabelNames.MetricName, text[nameStart..position]));
        }

        SkipSpace(text, ref position);
        if (position < text.Length && text[position] == '{')
        {
            position++;
            ParseMatchers(text, ref position, matchers);
            SkipSpace(text, ref position);
        }

        if (position < text.Length)
        {
            throw Error(position, $"unexpected character '{text[position]}'; expected a series selector such as up{{job=\"api\"}}");
        }

        if (matchers.Count == 0)
        {
            throw Error(Math.Max(position, 0), "no expression found in input");
        }

        return matchers;
    }

    private static void ParseMatchers(string text, ref int position, List<Matcher> matchers)
    {
        while (true)
        {
            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == '}')
            {
                position++;
                return;
            }

            var nameStart = position;
            while (position < text.Length && IsNameChar(text[position], position == nameStart, allowColon: false))
            {
                position++;
            }

            if (position == nameStart)
            {
                throw Error(position, position < text.Length ? $"unexpected character '{text[position]}' in label matching; expected a label name" : "unexpected end of input inside braces");
            }

            var name = text[nameStart..position];
            SkipSpace(text, ref position);
            var type = ParseOperator(text, ref position);
            SkipSpace(text, ref position);
            var value = ParseString(text, ref position);
            try
            {
                matchers.Add(new Matcher(type, name, value));
            }
            catch (ArgumentException e)
            {
                throw Error(nameStart, e.Message);
            }

            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == ',')
            {
                position++;
                continue;
            }

            if (position < text.Length && text[position] == '}')
            {
                position++;
                return;
            }

            throw Error(position, "expected \",\" or \"}\" after a label matcher");
        }
    }

    private static MatchType ParseOperator(string text, ref int position)
    {
        var rest = text.AsSpan(position);
        if (rest.StartsWith("=~"))
        {
            position += 2;
            return MatchType.RegexMatch;
        }

        if (rest.StartsWith("!~"))
        {
            position += 2;
            return MatchType.RegexNotMatch;
        }

        if (rest.StartsWith("!="))
        {
            position += 2;
            return MatchType.NotEqual;
        }

        if (rest.StartsWith("="))
        {
            position += 1;
            return MatchType.Equal;
        }

        throw Error(position, "expected a label matching operator: =, !=, =~ or !~");
    }

    private static string ParseString(string text, ref int position)
    {
        if (position >= text.Length || text[position] is not ('"' or '\'' or '`'))
        {
            throw Error(position, "expected a quoted label value");
        }

        var quote = text[position];
        var start = position;
        position++;
        var builder = new StringBuilder();
        while (position < text.Length && text[position] != quote)
        {
            var c = text[position++];
            if (c == '\\' && quote != '`' && position < text.Length)
            {
                var escaped = text[position++];
                builder.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '\\' => '\\',
                    '"' => '"',
                    '\'' => '\'',
                    _ => throw Error(position - 2, $"unknown escape sequence \\{escaped} in string"),
                });
                continue;
            }

            builder.Append(c);
        }

        if (position >= text.Length)
        {
            throw Error(start, "unterminated quoted string");
        }

        position++;
        return builder.ToString();
    }

    private static bool IsNameChar(char c, bool first, bool allowColon) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (allowColon && c == ':') || (!first && c is >= '0' and <= '9');

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static FormatException Error(int position, string message) =>
        new($"1:{position + 1}: parse error: {message}");
}
