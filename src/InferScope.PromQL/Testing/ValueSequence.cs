using System.Globalization;
using InferScope.Model;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Testing;

/// <summary>Expands the value notation of test scripts: <c>1 _ 3 stale 0+10x5 _x2</c>.</summary>
internal static class ValueSequence
{
    /// <summary>Expands items into values; null marks a missing slot.</summary>
    public static List<double?> Expand(string text)
    {
        var result = new List<double?>();
        foreach (var item in text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            ExpandItem(item, result);
        }

        return result;
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

    private static double ParseNumber(string text, string item)
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
