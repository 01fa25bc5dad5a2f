namespace InferScope.Exposition;

public ref partial struct ExpositionReader
{
    private void ReadSample(int start)
    {
        nameStart = start;
        var p = ReadMetricName(start);
        labelCount = 0;
        exemplarStart = -1;
        exemplarLabelCount = 0;
        hasTimestamp = false;
        exemplarHasTimestamp = false;

        if (!openMetrics)
        {
            p = SkipBlanks(p);
        }

        if (p < lineEnd && input[p] == (byte)'{')
        {
            p = ReadLabels(p, exemplar: false, out labelCount);
        }

        seriesEnd = openMetrics ? p : TrimBlanksBack(p);
        p = ExpectSeparator(p, "a space and the sample value after the series");
        valueStart = p;
        var end = TokenEnd(p);
        if (end == p || !ExpositionNumbers.TryParseValue(input[p..end], out value))
        {
            ThrowAt(p, "a sample value such as 1, -2.5, 1e3, +Inf or NaN");
        }

        p = end;
        if (openMetrics)
        {
            ReadOpenMetricsTail(p);
        }
        else
        {
            ReadPrometheusTail(p);
        }
    }

    private void ReadPrometheusTail(int p)
    {
        p = SkipBlanks(p);
        if (p == lineEnd)
        {
            return;
        }

        timestampStart = p;
        if (input[p] == (byte)'#')
        {
            ThrowAt(p, "a timestamp or the end of the line, because only OpenMetrics (Content-Type application/openmetrics-text) carries exemplars");
        }

        var end = SkipNonBlanks(p);
        if (!ExpositionNumbers.TryParseMilliseconds(input[p..end], out timestampMs))
        {
            ThrowAt(p, "a timestamp in whole milliseconds since the Unix epoch, or the end of the line");
        }

        hasTimestamp = true;
        timestampSeconds = timestampMs / 1000.0;
        p = SkipBlanks(end);
        if (p != lineEnd)
        {
            ThrowAt(p, "the end of the line after the timestamp");
        }
    }

    private void ReadOpenMetricsTail(int p)
    {
        if (p == lineEnd)
        {
            return;
        }

        // TokenEnd stops only at a space or the end of the line, so input[p] is a space here.
        p++;
        if (p == lineEnd || input[p] != (byte)'#')
        {
            timestampStart = p;
            var end = TokenEnd(p);
            if (end == p || !ExpositionNumbers.TryParseFiniteDecimal(input[p..end], out timestampSeconds))
            {
                ThrowAt(p, "a timestamp in seconds such as 1700000000.25, or \"# \" and an exemplar");
            }

            hasTimestamp = true;
            timestampMs = ExpositionNumbers.SecondsToMilliseconds(timestampSeconds);
            p = end;
            if (p == lineEnd)
            {
                return;
            }

            p++;
            if (p == lineEnd || input[p] != (byte)'#')
            {
                ThrowAt(p, "\"# \" and an exemplar, or the end of the line");
            }
        }

        ReadExemplar(p);
    }

    private void ReadExemplar(int p)
    {
        if (p + 1 >= lineEnd || input[p + 1] != (byte)' ')
        {
            ThrowAt(p + 1, "one space after '#' and then an exemplar label set");
        }

        p += 2;
        if (p == lineEnd || input[p] != (byte)'{')
        {
            ThrowAt(p, "'{' to open the exemplar label set");
        }

        exemplarStart = p;
        p = ReadLabels(p, exemplar: true, out exemplarLabelCount);
        if (p == lineEnd || input[p] != (byte)' ')
        {
            ThrowAt(p, "one space and the exemplar value after the exemplar label set");
        }

        p++;
        var end = TokenEnd(p);
        if (end == p || !ExpositionNumbers.TryParseValue(input[p..end], out exemplarValue))
        {
            ThrowAt(p, "an exemplar value such as 0.5");
        }

        p = end;
        if (p == lineEnd)
        {
            return;
        }

        p++;
        end = TokenEnd(p);
        var seconds = 0.0;
        if (end == p || !ExpositionNumbers.TryParseFiniteDecimal(input[p..end], out seconds))
        {
            ThrowAt(p, "an exemplar timestamp in seconds, or the end of the line");
        }

        exemplarHasTimestamp = true;
        exemplarTimestampMs = ExpositionNumbers.SecondsToMilliseconds(seconds);
        if (end != lineEnd)
        {
            ThrowAt(end, "the end of the line after the exemplar timestamp");
        }
    }

    /// <summary>Reads a label set that starts at the '{' at <paramref name="p"/> and returns the position after its '}'.</summary>
    private int ReadLabels(int p, bool exemplar, out int count)
    {
        var labels = exemplar ? state.ExemplarLabels : state.Labels;
        count = 0;
        p = SkipBlanksIfPrometheus(p + 1);
        if (p < lineEnd && input[p] == (byte)'}')
        {
            return p + 1;
        }

        while (true)
        {
            var labelNameStart = p;
            var nameLength = input[p..lineEnd].IndexOfAnyExcept(LabelNameChars);
            if (nameLength < 0)
            {
                nameLength = lineEnd - p;
            }

            if (nameLength == 0 || IsDigit(input[p]))
            {
                ThrowAt(p, "a label name of letters, digits and '_' that does not start with a digit");
            }

            var labelName = input.Slice(p, nameLength);
            if (!exemplar && labelName.SequenceEqual("__name__"u8))
            {
                ThrowAt(p, "a label name other than __name__, which holds the metric name");
            }

            for (var i = 0; i < count; i++)
            {
                if (input.Slice(labels[i].NameStart, labels[i].NameLength).SequenceEqual(labelName))
                {
                    ThrowAt(p, "each label name at most once in a label set", $"a second label \"{OpenMetricsValidator.Text(labelName)}\"");
                }
            }

            p = SkipBlanksIfPrometheus(p + nameLength);
            if (p == lineEnd || input[p] != (byte)'=')
            {
                ThrowAt(p, "'=' after the label name");
            }

            p = SkipBlanksIfPrometheus(p + 1);
            if (p == lineEnd || input[p] != (byte)'"')
            {
                ThrowAt(p, "a label value in double quotes");
            }

            p++;
            var labelValueStart = p;
            var escaped = false;
            while (true)
            {
                var stop = p < lineEnd ? input[p..lineEnd].IndexOfAny((byte)'"', (byte)'\\') : -1;
                if (stop < 0)
                {
                    ThrowAt(labelValueStart - 1, "a closing '\"' for the label value before the end of the line");
                }

                p += stop;
                if (input[p] == (byte)'"')
                {
                    break;
                }

                escaped = true;
                p += 2;
            }

            if (count == labels.Length)
            {
                labels = state.GrowLabels(exemplar);
            }

            labels[count++] = new LabelSpan(labelNameStart, nameLength, labelValueStart, p - labelValueStart, escaped);
            p = SkipBlanksIfPrometheus(p + 1);
            if (p < lineEnd && input[p] == (byte)',')
            {
                p = SkipBlanksIfPrometheus(p + 1);
                if (!openMetrics && p < lineEnd && input[p] == (byte)'}')
                {
                    // The 0.0.4 format allows a trailing comma.
                    return p + 1;
                }

                continue;
            }

            if (p < lineEnd && input[p] == (byte)'}')
            {
                return p + 1;
            }

            ThrowAt(p, "',' or '}' after the label value");
        }
    }

    /// <summary>Reads a metric name at <paramref name="p"/> and returns the position after it; the name becomes <see cref="MetricName"/>.</summary>
    private int ReadMetricName(int p)
    {
        var length = p < lineEnd ? input[p..lineEnd].IndexOfAnyExcept(MetricNameChars) : 0;
        if (length < 0)
        {
            length = lineEnd - p;
        }

        if (length == 0 || IsDigit(input[p]))
        {
            ThrowAt(p, "a metric name of letters, digits, '_' and ':' that does not start with a digit");
        }

        nameStart = p;
        nameLength = length;
        return p + length;
    }

    /// <summary>Checks the separator before a value and returns where the value starts.</summary>
    private readonly int ExpectSeparator(int p, string expected)
    {
        if (openMetrics)
        {
            if (p == lineEnd || input[p] != (byte)' ')
            {
                ThrowAt(p, expected);
            }

            return p + 1;
        }

        if (p == lineEnd || (!IsBlank(input[p]) && p == seriesEnd))
        {
            ThrowAt(p, expected);
        }

        return SkipBlanks(p);
    }

    /// <summary>Returns the end of the token at <paramref name="p"/>: OpenMetrics separates with one space, 0.0.4 with blanks.</summary>
    private readonly int TokenEnd(int p)
    {
        if (!openMetrics)
        {
            return SkipNonBlanks(p);
        }

        var length = input[p..lineEnd].IndexOf((byte)' ');
        return length < 0 ? lineEnd : p + length;
    }

    private readonly int SkipBlanks(int p)
    {
        while (p < lineEnd && IsBlank(input[p]))
        {
            p++;
        }

        return p;
    }

    private readonly int SkipNonBlanks(int p)
    {
        var length = input[p..lineEnd].IndexOfAny((byte)' ', (byte)'\t');
        return length < 0 ? lineEnd : p + length;
    }

    private readonly int TrimBlanksBack(int p)
    {
        while (p > nameStart && IsBlank(input[p - 1]))
        {
            p--;
        }

        return p;
    }

    private readonly int SkipBlanksIfPrometheus(int p) => openMetrics ? p : SkipBlanks(p);

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';

    private static bool IsDigit(byte b) => (uint)(b - (byte)'0') <= 9;
}
