using System.Text;

namespace InferScope.Ingestion.Otlp;

/// <summary>
/// Turns OpenTelemetry metric names, units and attribute keys into Prometheus names, following
/// OpenTelemetry's Prometheus compatibility rules: invalid characters become <c>_</c>, the unit
/// becomes a suffix (<c>s</c> to <c>_seconds</c>, <c>By</c> to <c>_bytes</c>, <c>1</c> on a gauge to
/// <c>_ratio</c>), and monotonic sums end in <c>_total</c>.
/// </summary>
internal static class OtlpNames
{
    private static readonly Dictionary<string, string> UnitWords = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnitWords = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    /// <summary>Returns the Prometheus family name of a metric, without <c>_total</c>.</summary>
    public static string MetricName(string name, string unit, bool isGauge)
    {
        var sanitized = Sanitize(name, allowColon: true);
        var suffix = UnitSuffix(unit, isGauge);
        if (suffix.Length > 0 && !sanitized.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            sanitized = sanitized + "_" + suffix;
        }

        return sanitized;
    }

    /// <summary>Returns the Prometheus label name of an attribute key.</summary>
    public static string LabelName(string key)
    {
        var sanitized = Sanitize(key, allowColon: false);
        if (sanitized.Length > 0 && char.IsAsciiDigit(sanitized[0]))
        {
            return "key_" + sanitized;
        }

        if (sanitized.StartsWith('_') && !sanitized.StartsWith("__", StringComparison.Ordinal))
        {
            return "key" + sanitized;
        }

        return sanitized;
    }

    private static string UnitSuffix(string unit, bool isGauge)
    {
        // Annotations in braces, such as {requests}, carry no unit.
        var braces = unit.IndexOf('{', StringComparison.Ordinal);
        if (braces >= 0)
        {
            unit = unit[..braces];
        }

        if (unit.Length == 0)
        {
            return string.Empty;
        }

        if (unit == "1")
        {
            return isGauge ? "ratio" : string.Empty;
        }

        var slash = unit.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var main = unit[..slash];
            var per = unit[(slash + 1)..];
            var mainWord = UnitWords.GetValueOrDefault(main, main);
            var perWord = PerUnitWords.GetValueOrDefault(per, per);
            return Sanitize(main.Length == 0 ? "per_" + perWord : mainWord + "_per_" + perWord, allowColon: false);
        }

        return Sanitize(UnitWords.GetValueOrDefault(unit, unit), allowColon: false);
    }

    /// <summary>Replaces characters outside <c>[a-zA-Z0-9_]</c> (and <c>:</c> when allowed) and squeezes repeated underscores.</summary>
    private static string Sanitize(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var mapped = ok ? c : '_';
            if (mapped == '_' && builder.Length > 0 && builder[^1] == '_' && !ok)
            {
                continue;
            }

            builder.Append(mapped);
        }

        if (builder.Length > 0 && allowColon && char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
