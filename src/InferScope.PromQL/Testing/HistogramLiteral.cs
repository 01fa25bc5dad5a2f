using System.Globalization;
using InferScope.Model.Histograms;

namespace InferScope.PromQL.Testing;

/// <summary>
/// Parses the native-histogram literal of test scripts:
/// <c>{{schema:0 sum:5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2] offset:1 n_buckets:[1] n_offset:0 custom_values:[1 2] counter_reset_hint:gauge}}</c>.
/// Bucket counts are absolute; every key is optional.
/// </summary>
internal static class HistogramLiteral
{
    /// <summary>Parses the text between <c>{{</c> and <c>}}</c>; <paramref name="hintStated"/> reports whether it names a counter-reset hint.</summary>
    public static FloatHistogram Parse(string body, out bool hintStated)
    {
        int schema = 0, offset = 0, negativeOffset = 0;
        double sum = 0, count = 0, zeroCount = 0, zeroThreshold = 0;
        double[] buckets = [], negativeBuckets = [], customValues = [];
        var hint = CounterResetHint.Unknown;
        hintStated = false;
        var i = 0;
        while (true)
        {
            while (i < body.Length && char.IsWhiteSpace(body[i]))
            {
                i++;
            }

            if (i >= body.Length)
            {
                break;
            }

            var colon = body.IndexOf(':', i);
            if (colon < 0)
            {
                throw new FormatException($"invalid native histogram literal \"{{{{{body}}}}}\": expected key:value at \"{body[i..]}\"");
            }

            var key = body[i..colon].Trim();
            i = colon + 1;
            while (i < body.Length && char.IsWhiteSpace(body[i]))
            {
                i++;
            }

            string value;
            if (i < body.Length && body[i] == '[')
            {
                var close = body.IndexOf(']', i);
                if (close < 0)
                {
                    throw new FormatException($"invalid native histogram literal \"{{{{{body}}}}}\": missing ] after {key}");
                }

                value = body[i..(close + 1)];
                i = close + 1;
            }
            else
            {
                var end = i;
                while (end < body.Length && !char.IsWhiteSpace(body[end]))
                {
                    end++;
                }

                value = body[i..end];
                i = end;
            }

            switch (key)
            {
                case "schema":
                    schema = int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    break;
                case "sum":
                    sum = Number(value);
                    break;
                case "count":
                    count = Number(value);
                    break;
                case "z_bucket":
                    zeroCount = Number(value);
                    break;
                case "z_bucket_w":
                    zeroThreshold = Number(value);
                    break;
                case "buckets":
                    buckets = List(value);
                    break;
                case "n_buckets":
                    negativeBuckets = List(value);
                    break;
                case "offset":
                    offset = int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    break;
                case "n_offset":
                    negativeOffset = int.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    break;
                case "custom_values":
                    customValues = List(value);
                    break;
                case "counter_reset_hint":
                    hintStated = true;
                    hint = value switch
                    {
                        "unknown" => CounterResetHint.Unknown,
                        "reset" => CounterResetHint.CounterReset,
                        "not_reset" => CounterResetHint.NotCounterReset,
                        "gauge" => CounterResetHint.Gauge,
                        _ => throw new FormatException($"invalid counter_reset_hint \"{value}\"; use unknown, reset, not_reset or gauge"),
                    };
                    break;
                default:
                    throw new FormatException($"unknown native histogram key \"{key}\" in \"{{{{{body}}}}}\"");
            }
        }

        return FloatHistogram.FromBuckets(
            schema,
            zeroThreshold,
            zeroCount,
            count,
            sum,
            buckets.Select((c, k) => (offset + k, c)),
            negativeBuckets.Select((c, k) => (negativeOffset + k, c)),
            customValues,
            hint);
    }

    private static double Number(string text) =>
        ValueSequence.ParseNumber(text, text);

    private static double[] List(string text) =>
        [.. text.Trim('[', ']').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(Number)];
}
