using System.Buffers;
using System.Text.Unicode;
using InferScope.Model;

namespace InferScope.Exposition;

/// <summary>
/// A forward-only reader over an exposition payload in UTF-8. Each <see cref="Next"/> call reads one
/// line and reports its kind; the properties then describe that line as spans into the input, so a
/// scrape loop can append samples without allocating per sample. In OpenMetrics mode the reader also
/// enforces the specification's rules on families, histograms, value ranges and timestamp order.
/// </summary>
/// <remarks>
/// Malformed input raises <see cref="ExpositionParseException"/>; samples read before the error have
/// already been reported. Pass the same <see cref="ExpositionReaderState"/> to successive readers
/// to reuse its buffers across scrapes.
/// </remarks>
public ref partial struct ExpositionReader
{
    private static SearchValues<byte> MetricNameChars { get; } =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    private static SearchValues<byte> LabelNameChars { get; } =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);

    private readonly ReadOnlySpan<byte> input;
    private readonly ExpositionReaderState state;
    private readonly bool openMetrics;
    private int nextLineStart;
    private int lineStart;
    private int lineEnd;
    private int lineNumber;
    private bool finished;

    private int nameStart;
    private int nameLength;
    private int textStart;
    private int textLength;
    private MetricType metadataType;
    private int seriesEnd;
    private int labelCount;
    private double value;
    private bool hasTimestamp;
    private double timestampSeconds;
    private long timestampMs;
    private int valueStart;
    private int timestampStart;
    private int exemplarStart;
    private int exemplarLabelCount;
    private double exemplarValue;
    private bool exemplarHasTimestamp;
    private long exemplarTimestampMs;
    private ReadOnlySpan<byte> familyName;
    private MetricType familyType;
    private SampleRole role;

    /// <summary>Creates a reader over <paramref name="utf8"/> in the given format.</summary>
    /// <param name="utf8">The whole payload; it must stay unchanged while the reader is used.</param>
    /// <param name="format">The exposition format, usually from <see cref="ExpositionContentType.Resolve"/>.</param>
    /// <param name="state">Reusable buffers and bookkeeping; null allocates fresh ones.</param>
    /// <exception cref="ExpositionParseException">The payload is not valid UTF-8.</exception>
    public ExpositionReader(ReadOnlySpan<byte> utf8, ExpositionFormat format, ExpositionReaderState? state = null)
    {
        input = utf8;
        Format = format;
        openMetrics = format == ExpositionFormat.OpenMetrics;
        this.state = state ?? new ExpositionReaderState();
        this.state.Reset();
        if (!Utf8.IsValid(utf8))
        {
            ThrowInvalidUtf8();
        }
    }

    /// <summary>The format being read.</summary>
    public ExpositionFormat Format { get; }

    /// <summary>The 1-based number of the line last read.</summary>
    public readonly int LineNumber => lineNumber;

    /// <summary>The metric or family name of the current HELP, TYPE, UNIT or sample line.</summary>
    public readonly ReadOnlySpan<byte> MetricName => input.Slice(nameStart, nameLength);

    /// <summary>The HELP text as written, still escaped; <see cref="GetHelp"/> unescapes it.</summary>
    public readonly ReadOnlySpan<byte> RawHelp => input.Slice(textStart, textLength);

    /// <summary>The unit of the current UNIT line, which may be empty.</summary>
    public readonly ReadOnlySpan<byte> Unit => input.Slice(textStart, textLength);

    /// <summary>The type of the current TYPE line; 0.0.4's <c>untyped</c> is <see cref="MetricType.Unknown"/>.</summary>
    public readonly MetricType MetadataType => metadataType;

    /// <summary>
    /// The sample's series as written: the metric name and its label set with braces. Two samples of
    /// the same series written the same way have equal bytes, which makes this a cache key.
    /// </summary>
    public readonly ReadOnlySpan<byte> Series => input[nameStart..seriesEnd];

    /// <summary>The number of labels of the current sample, in exposition order.</summary>
    public readonly int LabelCount => labelCount;

    /// <summary>The sample value.</summary>
    public readonly double Value => value;

    /// <summary>Whether the sample carries a timestamp.</summary>
    public readonly bool HasTimestamp => hasTimestamp;

    /// <summary>The sample timestamp in milliseconds since the Unix epoch; valid when <see cref="HasTimestamp"/> is set.</summary>
    public readonly long TimestampMs => timestampMs;

    /// <summary>Whether the sample carries an OpenMetrics exemplar.</summary>
    public readonly bool HasExemplar => exemplarStart >= 0;

    /// <summary>The number of exemplar labels.</summary>
    public readonly int ExemplarLabelCount => exemplarLabelCount;

    /// <summary>The exemplar value.</summary>
    public readonly double ExemplarValue => exemplarValue;

    /// <summary>Whether the exemplar carries a timestamp.</summary>
    public readonly bool ExemplarHasTimestamp => exemplarHasTimestamp;

    /// <summary>The exemplar timestamp in milliseconds since the Unix epoch.</summary>
    public readonly long ExemplarTimestampMs => exemplarTimestampMs;

    /// <summary>
    /// The name of the family the current sample belongs to, as its metadata lines spell it: for
    /// <c>foo_bucket</c> of histogram <c>foo</c> it is <c>foo</c>. A sample of no declared family
    /// is its own family.
    /// </summary>
    public readonly ReadOnlySpan<byte> FamilyName => familyName;

    /// <summary>The type of the family the current sample belongs to.</summary>
    public readonly MetricType FamilyType => familyType;

    /// <summary>The part the current sample plays in its family.</summary>
    public readonly SampleRole Role => role;

    /// <summary>Returns the name of label <paramref name="index"/> of the current sample.</summary>
    public readonly ReadOnlySpan<byte> GetLabelName(int index)
    {
        var label = state.Labels[index];
        return input.Slice(label.NameStart, label.NameLength);
    }

    /// <summary>Returns the value of label <paramref name="index"/> as written, still escaped.</summary>
    public readonly ReadOnlySpan<byte> GetRawLabelValue(int index)
    {
        var label = state.Labels[index];
        return input.Slice(label.ValueStart, label.ValueLength);
    }

    /// <summary>Returns the unescaped value of label <paramref name="index"/>, interned in <paramref name="pool"/>.</summary>
    public readonly string GetLabelValue(int index, LabelStringPool pool) =>
        Intern(state.Labels[index], pool);

    /// <summary>Returns the unescaped HELP text of the current HELP line.</summary>
    public readonly string GetHelp() => ExpositionEscaping.UnescapeHelp(RawHelp, openMetrics);

    /// <summary>
    /// Builds the label set of the current sample, <c>__name__</c> included, with strings from
    /// <paramref name="pool"/>. Labels with empty values are dropped, as Prometheus does.
    /// </summary>
    public readonly Labels BuildLabels(LabelStringPool pool) =>
        BuildLabelSet(state.Labels.AsSpan(0, labelCount), MetricName, pool);

    /// <summary>Builds the exemplar of the current sample, or returns null when it has none.</summary>
    public readonly Exemplar? BuildExemplar(LabelStringPool pool)
    {
        if (!HasExemplar)
        {
            return null;
        }

        var labels = BuildLabelSet(state.ExemplarLabels.AsSpan(0, exemplarLabelCount), default, pool);
        return new Exemplar(labels, exemplarValue, exemplarHasTimestamp ? exemplarTimestampMs : null);
    }

    /// <summary>
    /// Reads the next line and returns its kind. Comment lines and, in the 0.0.4 format, blank lines
    /// are skipped.
    /// </summary>
    /// <exception cref="ExpositionParseException">The line is malformed or breaks a rule of the format.</exception>
    public ExpositionEntry Next()
    {
        while (true)
        {
            if (finished)
            {
                return ExpositionEntry.EndOfInput;
            }

            if (nextLineStart >= input.Length)
            {
                if (openMetrics)
                {
                    ThrowMissingEof();
                }

                finished = true;
                return ExpositionEntry.EndOfInput;
            }

            lineStart = nextLineStart;
            var newline = input[lineStart..].IndexOf((byte)'\n');
            lineEnd = newline < 0 ? input.Length : lineStart + newline;
            nextLineStart = newline < 0 ? input.Length : lineEnd + 1;
            lineNumber++;
            if (lineEnd > lineStart && input[lineEnd - 1] == (byte)'\r')
            {
                ThrowAt(lineEnd - 1, "lines that end with \"\\n\" alone", "a carriage return (\"\\r\\n\" line ending)");
            }

            var entry = openMetrics ? ReadOpenMetricsLine() : ReadPrometheusLine();
            if (entry is { } found)
            {
                return found;
            }
        }
    }

    private readonly string Intern(LabelSpan label, LabelStringPool pool)
    {
        var raw = input.Slice(label.ValueStart, label.ValueLength);
        if (!label.ValueEscaped)
        {
            return pool.Get(raw);
        }

        byte[]? rented = null;
        var buffer = raw.Length <= 256 ? stackalloc byte[raw.Length] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        var length = ExpositionEscaping.UnescapeLabelValue(raw, buffer);
        var result = pool.Get(buffer[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return result;
    }

    private readonly Labels BuildLabelSet(ReadOnlySpan<LabelSpan> spans, ReadOnlySpan<byte> metricName, LabelStringPool pool)
    {
        var items = new Label[spans.Length + (metricName.IsEmpty ? 0 : 1)];
        var count = 0;
        if (!metricName.IsEmpty)
        {
            items[count++] = new Label(LabelNames.MetricName, pool.Get(metricName));
        }

        foreach (var span in spans)
        {
            var labelValue = Intern(span, pool);
            if (labelValue.Length > 0)
            {
                items[count++] = new Label(pool.Get(input.Slice(span.NameStart, span.NameLength)), labelValue);
            }
        }

        if (count != items.Length)
        {
            Array.Resize(ref items, count);
        }

        items.AsSpan().Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Labels.FromSortedUnchecked(items);
    }
}
