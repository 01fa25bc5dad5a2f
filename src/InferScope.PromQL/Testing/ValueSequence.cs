using System.Globalization;
using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Testing;

/// <summary>Expands the value notation of test scripts: <c>1 _ 3 stale 0+10x5 _x2</c>.</summary>
internal static class ValueSequence
{
    /// <summary>Expands items into values; null marks a missing slot.</summary>
    public static List<ScriptValue?> Expand(string text)
    {
        var result = new List<ScriptValue?>();
        foreach (var item in Items(text))
        {
            if (item.StartsWith("{{", StringComparison.Ordinal))
            {
                ExpandHistogramItem(item, result);
                continue;
            }

            var floats = new List<double?>();
            ExpandItem(item, floats);
            result.AddRange(floats.Select(f => f is { } v ? new ScriptValue(v) : (ScriptValue?)null));
        }

        return result;
    }

    /// <summary>Splits on whitespace, keeping each <c>{{...}}</c> literal and what follows it up to the next whitespace in one item.</summary>
    private static IEnumerable<string> Items(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                if (text[i] == '{' && i + 1 < text.Length && text[i + 1] == '{')
                {
                    var close = text.IndexOf("}}", i, StringComparison.Ordinal);
                    if (close < 0)
                    {
                        throw new FormatException($"missing }}}} in value sequence \"{text}\"");
                    }

                    i = close + 2;
                    continue;
                }

                i++;
            }

            yield return text[start..i];
        }
    }

    /// <summary>Expands <c>{{H}}</c>, <c>{{H}}xN</c> and <c>{{A}}+{{B}}xN</c> / <c>{{A}}-{{B}}xN</c>.</summary>
    private static void ExpandHistogramItem(string item, List<ScriptValue?> result)
    {
        var close = item.IndexOf("}}", StringComparison.Ordinal);
        var first = HistogramLiteral.Parse(item[2..close], out var hintStated);
        var rest = item[(close + 2)..];
        if (rest.Length == 0)
        {
            result.Add(new ScriptValue(0, first, hintStated));
            return;
        }

        FloatHistogram? step = null;
        var subtract = false;
        if (rest[0] is '+' or '-' && rest.Length > 3 && rest[1] == '{')
        {
            subtract = rest[0] == '-';
            var stepClose = rest.IndexOf("}}", StringComparison.Ordinal);
            step = HistogramLiteral.Parse(rest[3..stepClose], out _);
            rest = rest[(stepClose + 2)..];
        }

        if (rest.Length < 2 || rest[0] != 'x' || !int.TryParse(rest.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var times))
        {
            throw new FormatException($"invalid native histogram item \"{item}\"; expected {{{{...}}}}, {{{{...}}}}xN or {{{{...}}}}+{{{{...}}}}xN");
        }

        var current = first;
        result.Add(new ScriptValue(0, current, hintStated));
        for (var i = 0; i < times; i++)
        {
            if (step is not null)
            {
                current = subtract ? current.Subtract(step, out _, out _) : current.Add(step, out _, out _);
            }

            result.Add(new ScriptValue(0, current, hintStated));
        }
    }

    private static void ExpandItem(string item, List<double?> result)
    {
        if (item == "_")
        {
            result.Add(null);
            return;
        }

        if (item == "stale")
        {
            result.Add(StaleMarker.Value);
            return;
        }

        var x = item.LastIndexOf('x');
        if (x > 0 && int.TryParse(item.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var times))
        {
            var head = item[..x];
            if (head == "_")
            {
                for (var i = 0; i < times; i++)
                {
                    result.Add(null);
                }

                return;
            }

            var split = FindOperator(head);
            double start;
            double delta = 0;
            if (split < 0)
            {
                start = ParseNumber(head, item);
            }
            else
            {
                start = ParseNumber(head[..split], item);
                delta = ParseNumber(head[(split + 1)..], item);
                if (head[split] == '-')
                {
                    delta = -delta;
                }
            }

            var current = start;
            result.Add(current);
            for (var i = 0; i < times; i++)
            {
                current += delta;
                result.Add(current);
            }

            return;
        }

        result.Add(ParseNumber(item, item));
    }

    private static int FindOperator(string head)
    {
        for (var i = 1; i < head.Length; i++)
        {
            if (head[i] is '+' or '-' && head[i - 1] is not ('e' or 'E'))
            {
                return i;
            }
        }

        return -1;
    }

    internal static double ParseNumber(string text, string item)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("-0x", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"hexadecimal value \"{item}\" is not allowed in a value sequence");
        }

        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || NumberText.TryParse(text, out value))
        {
            return value;
        }

        throw new FormatException($"invalid value \"{item}\" in value sequence");
    }
}
