using System.Buffers;
using InferScope.Model;

namespace InferScope.Exposition;

/// <summary>
/// Writes metric families in the Prometheus text format 0.0.4 or OpenMetrics 1.0, for the
/// <c>/metrics</c> and <c>/federate</c> endpoints. The output parses back with
/// <see cref="ExpositionParser"/> to the same families.
/// </summary>
/// <remarks>
/// In 0.0.4 output, exemplars are dropped (the format has none), <c>_created</c> samples of counters,
/// histograms and summaries become a gauge family of their own as Prometheus client libraries write
/// them, and gauge histograms, info and stateset families are typed <c>untyped</c>. OpenMetrics
/// output ends with <c># EOF</c>, and a counter sample named without <c>_total</c> gets the suffix.
/// </remarks>
public static class ExpositionWriter
{
    private const int FlushThreshold = 64 * 1024;

    /// <summary>Writes <paramref name="families"/> to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, IEnumerable<MetricFamily> families, ExpositionFormat format)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(families);
        var writer = new Utf8TextWriter(output);
        foreach (var family in families)
        {
            WriteFamily(ref writer, family, format);
        }

        if (format == ExpositionFormat.OpenMetrics)
        {
            writer.Write("# EOF\n"u8);
        }
    }

    /// <summary>Writes <paramref name="families"/> to <paramref name="stream"/>, flushing about every 64 KiB.</summary>
    public static async Task WriteAsync(
        Stream stream,
        IEnumerable<MetricFamily> families,
        ExpositionFormat format,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(families);
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold + 4096);
        foreach (var family in families)
        {
            var writer = new Utf8TextWriter(buffer);
            WriteFamily(ref writer, family, format);
            if (buffer.WrittenCount >= FlushThreshold)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }

        if (format == ExpositionFormat.OpenMetrics)
        {
            var writer = new Utf8TextWriter(buffer);
            writer.Write("# EOF\n"u8);
        }

        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the exposition of <paramref name="families"/> as UTF-8 bytes.</summary>
    public static byte[] ToBytes(IEnumerable<MetricFamily> families, ExpositionFormat format)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, families, format);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteFamily(ref Utf8TextWriter writer, MetricFamily family, ExpositionFormat format)
    {
        if (format == ExpositionFormat.OpenMetrics)
        {
            WriteOpenMetricsFamily(ref writer, family);
        }
        else
        {
            WritePrometheusFamily(ref writer, family);
        }
    }

    private static void WriteOpenMetricsFamily(ref Utf8TextWriter writer, MetricFamily family)
    {
        WriteMetadata(ref writer, "# TYPE "u8, family.Name);
        writer.WriteString(OpenMetricsValidator.TypeWord(family.Type));
        writer.Write("\n"u8);
        if (family.Help.Length > 0)
        {
            WriteMetadata(ref writer, "# HELP "u8, family.Name);
            writer.WriteEscaped(family.Help, escapeQuote: true);
            writer.Write("\n"u8);
        }

        // OpenMetrics allows a unit only as the suffix of the family name and never on info or stateset.
        if (family.Unit.Length > 0
            && family.Type is not (MetricType.Info or MetricType.StateSet)
            && family.Name.EndsWith("_" + family.Unit, StringComparison.Ordinal))
        {
            WriteMetadata(ref writer, "# UNIT "u8, family.Name);
            writer.WriteString(family.Unit);
            writer.Write("\n"u8);
        }

        foreach (var point in family.Points)
        {
            var name = point.Labels.MetricName;
            if (name.Length == 0 || (family.Type == MetricType.Counter && name == family.Name))
            {
                name = family.Type == MetricType.Counter ? family.Name + "_total" : family.Name;
            }

            WriteSample(ref writer, name, point, openMetrics: true);
        }
    }

    private static void WritePrometheusFamily(ref Utf8TextWriter writer, MetricFamily family)
    {
        var declaredName = family.Name;
        var createdName = family.Name + "_created";
        var hasCreated = false;
        foreach (var point in family.Points)
        {
            var pointName = point.Labels.MetricName;
            if (family.Type == MetricType.Counter && pointName == family.Name + "_total")
            {
                declaredName = pointName;
            }

            hasCreated |= pointName == createdName;
        }

        hasCreated &= family.Type is MetricType.Counter or MetricType.Histogram or MetricType.Summary;
        if (family.Help.Length > 0)
        {
            WriteMetadata(ref writer, "# HELP "u8, declaredName);
            writer.WriteEscaped(family.Help, escapeQuote: false);
            writer.Write("\n"u8);
        }

        WriteMetadata(ref writer, "# TYPE "u8, declaredName);
        writer.WriteString(family.Type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            MetricType.Histogram => "histogram",
            MetricType.Summary => "summary",

            // NOTE: 0.0.4 has no gauge histogram, info or stateset type, so their samples lose it.
            _ => "untyped",
        });
        writer.Write("\n"u8);
        foreach (var point in family.Points)
        {
            var name = point.Labels.MetricName;
            if (hasCreated && name == createdName)
            {
                continue;
            }

            WriteSample(ref writer, name.Length == 0 ? declaredName : name, point, openMetrics: false);
        }

        if (!hasCreated)
        {
            return;
        }

        WriteMetadata(ref writer, "# TYPE "u8, createdName);
        writer.Write("gauge\n"u8);
        foreach (var point in family.Points)
        {
            if (point.Labels.MetricName == createdName)
            {
                WriteSample(ref writer, createdName, point, openMetrics: false);
            }
        }
    }

    private static void WriteMetadata(ref Utf8TextWriter writer, ReadOnlySpan<byte> keyword, string name)
    {
        writer.Write(keyword);
        writer.WriteString(name);
        writer.Write(" "u8);
    }

    private static void WriteSample(ref Utf8TextWriter writer, string name, MetricPoint point, bool openMetrics)
    {
        writer.WriteString(name);
        WriteLabels(ref writer, point.Labels);
        writer.Write(" "u8);
        writer.WriteFloat(point.Value);
        if (point.TimestampMs is { } timestamp)
        {
            writer.Write(" "u8);
            WriteTimestamp(ref writer, timestamp, openMetrics);
        }

        if (openMetrics && point.Exemplar is { } exemplar)
        {
            writer.Write(" # "u8);
            if (exemplar.Labels.Count == 0)
            {
                writer.Write("{}"u8);
            }

            WriteLabels(ref writer, exemplar.Labels);
            writer.Write(" "u8);
            writer.WriteFloat(exemplar.Value);
            if (exemplar.TimestampMs is { } exemplarTimestamp)
            {
                writer.Write(" "u8);
                WriteTimestamp(ref writer, exemplarTimestamp, openMetrics: true);
            }
        }

        writer.Write("\n"u8);
    }

    private static void WriteLabels(ref Utf8TextWriter writer, Labels labels)
    {
        var first = true;
        foreach (var label in labels.AsSpan())
        {
            if (label.Name == LabelNames.MetricName)
            {
                continue;
            }

            writer.Write(first ? "{"u8 : ","u8);
            writer.WriteString(label.Name);
            writer.Write("=\""u8);
            writer.WriteEscaped(label.Value, escapeQuote: true);
            writer.Write("\""u8);
            first = false;
        }

        if (!first)
        {
            writer.Write("}"u8);
        }
    }

    /// <summary>Writes milliseconds as 0.0.4 does, or as OpenMetrics seconds with up to three decimals.</summary>
    private static void WriteTimestamp(ref Utf8TextWriter writer, long milliseconds, bool openMetrics)
    {
        if (!openMetrics)
        {
            writer.WriteInteger(milliseconds);
            return;
        }

        if (milliseconds < 0)
        {
            writer.Write("-"u8);
        }

        var magnitude = milliseconds == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(milliseconds);
        writer.WriteUnsigned(magnitude / 1000);
        var fraction = (int)(magnitude % 1000);
        if (fraction == 0)
        {
            return;
        }

        Span<byte> digits = [(byte)'.', (byte)('0' + (fraction / 100)), (byte)('0' + (fraction / 10 % 10)), (byte)('0' + (fraction % 10))];
        var length = 4;
        while (digits[length - 1] == (byte)'0')
        {
            length--;
        }

        writer.Write(digits[..length]);
    }
}
