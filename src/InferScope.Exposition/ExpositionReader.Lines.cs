using InferScope.Model;

namespace InferScope.Exposition;

public ref partial struct ExpositionReader
{
    private ExpositionEntry? ReadOpenMetricsLine()
    {
        if (lineStart == lineEnd)
        {
            ThrowAt(lineStart, "a sample, a metadata line or \"# EOF\", because OpenMetrics allows no blank lines", "an empty line");
        }

        if (input[lineStart] == (byte)'#')
        {
            return ReadOpenMetricsComment();
        }

        ReadSample(lineStart);
        ValidateOpenMetricsSample();
        return ExpositionEntry.Sample;
    }

    private ExpositionEntry? ReadPrometheusLine()
    {
        var p = SkipBlanks(lineStart);
        if (p == lineEnd)
        {
            return null;
        }

        if (input[p] != (byte)'#')
        {
            ReadSample(p);
            ResolvePrometheusFamily();
            return ExpositionEntry.Sample;
        }

        // As in Prometheus 2.42, "#TYPE" without a blank after '#' is a plain comment.
        if (p + 1 == lineEnd || !IsBlank(input[p + 1]))
        {
            return null;
        }

        p = SkipBlanks(p + 1);
        var rest = input[p..lineEnd];
        ExpositionEntry entry;
        if (rest.StartsWith("HELP"u8))
        {
            entry = ExpositionEntry.Help;
        }
        else if (rest.StartsWith("TYPE"u8))
        {
            entry = ExpositionEntry.Type;
        }
        else
        {
            return null;
        }

        p += 4;
        if (p < lineEnd && !IsBlank(input[p]))
        {
            // A word such as "# HELPER" is a plain comment.
            return null;
        }

        p = SkipBlanks(p);
        p = ReadMetricName(p);
        if (entry == ExpositionEntry.Help)
        {
            var textBegin = SkipBlanks(p);
            if (p < lineEnd && textBegin == p)
            {
                ThrowAt(p, "a blank between the metric name and the help text");
            }

            textStart = textBegin;
            textLength = lineEnd - textBegin;
            DeclarePrometheusFamily(MetricName, MetricType.Unknown, onlyIfAbsent: true);

            return entry;
        }

        var typeStart = SkipBlanks(p);
        if (typeStart == p)
        {
            ThrowAt(p, "a blank and a type after the metric name");
        }

        var typeEnd = SkipNonBlanks(typeStart);
        metadataType = ParsePrometheusType(input[typeStart..typeEnd], typeStart);
        if (SkipBlanks(typeEnd) != lineEnd)
        {
            ThrowAt(SkipBlanks(typeEnd), "the end of the line after the type");
        }

        DeclarePrometheusFamily(MetricName, metadataType, onlyIfAbsent: false);
        return entry;
    }

    private readonly Utf8NameTable<MetricType> PrometheusTypes => state.PrometheusTypes;

    private readonly void DeclarePrometheusFamily(ReadOnlySpan<byte> name, MetricType type, bool onlyIfAbsent)
    {
        if (!onlyIfAbsent || !PrometheusTypes.Contains(name))
        {
            PrometheusTypes.Set(name, type);
        }
    }

    private ExpositionEntry? ReadOpenMetricsComment()
    {
        var line = input[lineStart..lineEnd];
        if (line.SequenceEqual("# EOF"u8))
        {
            if (nextLineStart < input.Length)
            {
                lineStart = nextLineStart;
                lineNumber++;
                var next = input[lineStart..].IndexOf((byte)'\n');
                lineEnd = next < 0 ? input.Length : lineStart + next;
                ThrowAt(lineStart, "nothing after \"# EOF\"");
            }

            Report(state.Validator.Finish());
            finished = true;
            return ExpositionEntry.EndOfInput;
        }

        ExpositionEntry entry;
        MetadataKind kind;
        if (line.StartsWith("# HELP "u8))
        {
            (entry, kind) = (ExpositionEntry.Help, MetadataKind.Help);
        }
        else if (line.StartsWith("# TYPE "u8))
        {
            (entry, kind) = (ExpositionEntry.Type, MetadataKind.Type);
        }
        else if (line.StartsWith("# UNIT "u8))
        {
            (entry, kind) = (ExpositionEntry.Unit, MetadataKind.Unit);
        }
        else
        {
            ThrowAt(
                lineStart,
                "\"# HELP \", \"# TYPE \", \"# UNIT \" or \"# EOF\", because OpenMetrics has no other comment lines",
                Quote(lineStart, Math.Min(lineEnd, lineStart + 24)));
            return null;
        }

        var p = ReadMetricName(lineStart + 7);
        if (p == lineEnd || input[p] != (byte)' ')
        {
            ThrowAt(p, "one space after the metric name");
        }

        textStart = p + 1;
        textLength = lineEnd - textStart;
        if (kind == MetadataKind.Type)
        {
            metadataType = ParseOpenMetricsType(input[textStart..lineEnd], textStart);
        }
        else if (kind == MetadataKind.Unit && Unit.IndexOfAnyExcept(MetricNameChars) is var bad and >= 0)
        {
            ThrowAt(textStart + bad, "a unit of letters, digits, '_' and ':' only");
        }

        var error = state.Validator.CheckMetadata(kind, MetricName, metadataType, Unit);
        Report(error);
        return entry;
    }

    private static MetricType? TypeFromWord(ReadOnlySpan<byte> word, bool openMetrics) => word switch
    {
        _ when word.SequenceEqual("counter"u8) => MetricType.Counter,
        _ when word.SequenceEqual("gauge"u8) => MetricType.Gauge,
        _ when word.SequenceEqual("histogram"u8) => MetricType.Histogram,
        _ when word.SequenceEqual("summary"u8) => MetricType.Summary,
        _ when !openMetrics && word.SequenceEqual("untyped"u8) => MetricType.Unknown,
        _ when openMetrics && word.SequenceEqual("unknown"u8) => MetricType.Unknown,
        _ when openMetrics && word.SequenceEqual("gaugehistogram"u8) => MetricType.GaugeHistogram,
        _ when openMetrics && word.SequenceEqual("info"u8) => MetricType.Info,
        _ when openMetrics && word.SequenceEqual("stateset"u8) => MetricType.StateSet,
        _ => null,
    };

    private readonly MetricType ParseOpenMetricsType(ReadOnlySpan<byte> word, int position) =>
        TypeFromWord(word, openMetrics: true)
        ?? ThrowType(position, "one of counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown", word);

    private readonly MetricType ParsePrometheusType(ReadOnlySpan<byte> word, int position) =>
        TypeFromWord(word, openMetrics: false)
        ?? ThrowType(position, "one of counter, gauge, histogram, summary or untyped", word);

    private readonly MetricType ThrowType(int position, string expected, ReadOnlySpan<byte> word)
    {
        ThrowAt(position, expected, word.IsEmpty ? "end of line" : $"\"{OpenMetricsValidator.Text(word)}\"");
        return MetricType.Unknown;
    }

    private void ResolvePrometheusFamily()
    {
        var name = MetricName;
        var types = PrometheusTypes;
        role = SampleRole.Value;
        if (types.TryGet(name, out var declaredName, out var declared))
        {
            familyName = declaredName;
            familyType = declared;
            role = declared == MetricType.Counter ? SampleRole.Total : SampleRole.Value;
            return;
        }

        if (TryResolveSuffix(name, "_bucket"u8, SampleRole.Bucket)
            || TryResolveSuffix(name, "_count"u8, SampleRole.Count)
            || TryResolveSuffix(name, "_sum"u8, SampleRole.Sum)
            || TryResolveSuffix(name, "_total"u8, SampleRole.Total)
            || TryResolveSuffix(name, "_created"u8, SampleRole.Created))
        {
            return;
        }

        familyName = name;
        familyType = MetricType.Unknown;
    }

    private bool TryResolveSuffix(ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix, SampleRole suffixRole)
    {
        if (!name.EndsWith(suffix) || name.Length == suffix.Length)
        {
            return false;
        }

        if (!PrometheusTypes.TryGet(name[..^suffix.Length], out var baseName, out var baseType))
        {
            return false;
        }

        var fits = suffixRole switch
        {
            SampleRole.Bucket => baseType == MetricType.Histogram,
            SampleRole.Count or SampleRole.Sum => baseType is MetricType.Histogram or MetricType.Summary,
            SampleRole.Total => baseType == MetricType.Counter,
            _ => baseType is MetricType.Counter or MetricType.Histogram or MetricType.Summary,
        };
        if (fits)
        {
            familyName = baseName;
            familyType = baseType;
            role = suffixRole;
        }

        return fits;
    }

    private void ValidateOpenMetricsSample()
    {
        var labels = state.Labels.AsSpan(0, labelCount);
        var facts = new SampleFacts
        {
            Input = input,
            Name = MetricName,
            Labels = labels,
            Value = value,
            HasTimestamp = hasTimestamp,
            TimestampSeconds = timestampSeconds,
            HasExemplar = exemplarStart >= 0,
            ExemplarRunes = exemplarStart >= 0 ? CountExemplarRunes() : 0,
            LineNumber = lineNumber,
            LineStart = lineStart,
        };
        var error = state.Validator.CheckSample(facts, out role);
        Report(error);
        familyName = state.Validator.FamilyName;
        familyType = state.Validator.FamilyType;
    }

    private readonly int CountExemplarRunes()
    {
        var runes = 0;
        foreach (var label in state.ExemplarLabels.AsSpan(0, exemplarLabelCount))
        {
            runes += label.NameLength;
            runes += CountRunes(input.Slice(label.ValueStart, label.ValueLength));
        }

        return runes;
    }

    private static int CountRunes(ReadOnlySpan<byte> escaped)
    {
        var runes = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == (byte)'\\' && i + 1 < escaped.Length)
            {
                i++;
            }
            else if ((escaped[i] & 0xC0) == 0x80)
            {
                // A UTF-8 continuation byte belongs to the code point counted at its lead byte.
                continue;
            }

            runes++;
        }

        return runes;
    }
}
