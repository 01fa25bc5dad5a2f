using System.Collections.Concurrent;
using System.Globalization;

namespace InferScope.Engines.Mapping;

/// <summary>Parsing and canonical formatting of numeric label values such as <c>le</c>.</summary>
internal static class LabelValues
{
    /// <summary>
    /// Parses a bucket bound: a decimal or exponent number, or <c>+Inf</c> in any letter case.
    /// </summary>
    public static bool TryParseBound(string text, out double value)
    {
        var span = text.AsSpan().Trim();
        if (span.Equals("+Inf", StringComparison.OrdinalIgnoreCase) || span.Equals("Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (span.Equals("-Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NegativeInfinity;
            return true;
        }

        return double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Formats a bound as the shortest text that parses back to the same double (<c>0.1</c>,
    /// <c>2560</c>, <c>1e-05</c>, <c>+Inf</c>), so one bound has one spelling across engines.
    /// </summary>
    public static string FormatBound(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        if (FormattedBounds.TryGetValue(bits, out var text))
        {
            return text;
        }

        text = value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        if (FormattedBounds.Count < MaxCachedBounds)
        {
            FormattedBounds.TryAdd(bits, text);
        }

        return text;
    }

    // Bucket bounds repeat on every scrape, so their text is formatted once and shared by all
    // series. The cap keeps a payload with ever-changing bounds from growing the cache without end.
    private const int MaxCachedBounds = 16384;

    private static readonly ConcurrentDictionary<long, string> FormattedBounds = new();
}
