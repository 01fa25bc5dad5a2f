using System.Globalization;
using System.Text.Json;
using InferScope.Model;
using InferScope.Model.Histograms;

namespace InferScope.Server.Api;

/// <summary>
/// Number and label encodings of Prometheus's JSON API: sample values as strings in Go's shortest
/// form, timestamps as seconds with millisecond precision, label sets as objects.
/// </summary>
public static class PrometheusJson
{
    /// <summary>
    /// Formats a sample value as Prometheus does: the shortest decimal that round-trips, in plain
    /// notation for 1e-6 ≤ |v| &lt; 1e21 and as <c>1e-07</c> or <c>1e+21</c> otherwise, with
    /// <c>NaN</c>, <c>+Inf</c> and <c>-Inf</c> for the special values.
    /// </summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // "R" yields the shortest round-trip digits; they are re-laid out in Go's notation below.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        var body = negative ? shortest[1..] : shortest;
        var exponentAt = body.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? body : body[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(body.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..];
        integerDigits -= leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var decimalExponent = integerDigits - 1;
        var abs = Math.Abs(value);
        string text;
        if (abs is >= 1e-6 and < 1e21)
        {
            text = PlainNotation(digits, integerDigits);
        }
        else
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            var sign = decimalExponent < 0 ? '-' : '+';
            var magnitude = Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
            text = $"{digits[0]}{fraction}e{sign}{magnitude}";
        }

        return negative ? "-" + text : text;
    }

    /// <summary>
    /// Writes a timestamp in milliseconds as seconds: whole seconds, plus a dot and exactly three
    /// digits when the millisecond part is not zero (<c>1000000001.500</c>), as Prometheus writes points.
    /// </summary>
    public static void WriteTimestamp(Utf8JsonWriter writer, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> text = stackalloc byte[32];
        var seconds = Math.DivRem(timestampMs, 1000, out var milliseconds);
        if (milliseconds >= 0 && seconds >= 0 && seconds.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture))
        {
            if (milliseconds > 0)
            {
                text[length] = (byte)'.';
                text[length + 1] = (byte)('0' + (milliseconds / 100));
                text[length + 2] = (byte)('0' + (milliseconds / 10 % 10));
                text[length + 3] = (byte)('0' + (milliseconds % 10));
                length += 4;
            }

            writer.WriteRawValue(text[..length], skipInputValidation: true);
            return;
        }

        writer.WriteRawValue(FormatTimestamp(timestampMs), skipInputValidation: true);
    }

    /// <summary>
    /// Writes a sample value as a JSON string in Go's notation, as <see cref="FormatValue"/> does. Values whose
    /// shortest round-trip form has no exponent are already in that notation and are written without allocating.
    /// </summary>
    public static void WriteValue(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> text = stackalloc char[32];
        if (double.IsFinite(value) && value != 0 && value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture)
            && text[..length].IndexOf('E') < 0)
        {
            writer.WriteStringValue(text[..length]);
            return;
        }

        writer.WriteStringValue(FormatValue(value));
    }

    public static string FormatTimestamp(long timestampMs)
    {
        var seconds = Math.DivRem(timestampMs, 1000, out var milliseconds);
        if (milliseconds == 0)
        {
            return seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (milliseconds < 0)
        {
            // Negative times keep the sign on the whole number: -1.5 s is "-1.500".
            var sign = seconds == 0 ? "-" : string.Empty;
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds}.{-milliseconds:000}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{milliseconds:000}");
    }

    /// <summary>Writes <c>[timestamp, "value"]</c>.</summary>
    public static void WritePoint(Utf8JsonWriter writer, long timestampMs, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        WriteTimestamp(writer, timestampMs);
        WriteValue(writer, value);
        writer.WriteEndArray();
    }

    /// <summary>Writes <c>[timestamp, {histogram}]</c>.</summary>
    public static void WriteHistogramPoint(Utf8JsonWriter writer, long timestampMs, FloatHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        WriteTimestamp(writer, timestampMs);
        WriteHistogram(writer, histogram);
        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes a native histogram as Prometheus does: count and sum as strings, then every non-empty
    /// bucket from the lowest bound up as <c>[boundary rule, "lower", "upper", "count"]</c>. The rule
    /// is 0 for (lower, upper], 1 for [lower, upper), 2 for (lower, upper) and 3 for [lower, upper].
    /// The <c>buckets</c> field is left out when every bucket is empty.
    /// </summary>
    public static void WriteHistogram(Utf8JsonWriter writer, FloatHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(histogram);
        writer.WriteStartObject();
        writer.WriteString("count"u8, FormatValue(histogram.Count));
        writer.WriteString("sum"u8, FormatValue(histogram.Sum));
        var any = false;
        foreach (var bucket in histogram.AllBuckets())
        {
            if (!any)
            {
                writer.WriteStartArray("buckets"u8);
                any = true;
            }

            var rule = (bucket.LowerInclusive, bucket.UpperInclusive) switch
            {
                (false, true) => 0,
                (true, false) => 1,
                (false, false) => 2,
                (true, true) => 3,
            };
            writer.WriteStartArray();
            writer.WriteNumberValue(rule);
            writer.WriteStringValue(FormatValue(bucket.Lower));
            writer.WriteStringValue(FormatValue(bucket.Upper));
            writer.WriteStringValue(FormatValue(bucket.Count));
            writer.WriteEndArray();
        }

        if (any)
        {
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a label set as a JSON object in label order.</summary>
    public static void WriteLabels(Utf8JsonWriter writer, Labels labels)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(labels);
        writer.WriteStartObject();
        foreach (var label in labels)
        {
            writer.WriteString(label.Name, label.Value);
        }

        writer.WriteEndObject();
    }

    private static string PlainNotation(string digits, int integerDigits)
    {
        if (integerDigits <= 0)
        {
            return "0." + new string('0', -integerDigits) + digits;
        }

        if (integerDigits >= digits.Length)
        {
            return digits + new string('0', integerDigits - digits.Length);
        }

        return digits[..integerDigits] + "." + digits[integerDigits..];
    }
}
