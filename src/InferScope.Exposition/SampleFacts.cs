namespace InferScope.Exposition;

/// <summary>What <see cref="OpenMetricsValidator"/> needs to know about one sample line.</summary>
internal readonly ref struct SampleFacts
{
    public ReadOnlySpan<byte> Input { get; init; }

    public ReadOnlySpan<byte> Name { get; init; }

    public ReadOnlySpan<LabelSpan> Labels { get; init; }

    public double Value { get; init; }

    public bool HasTimestamp { get; init; }

    public double TimestampSeconds { get; init; }

    public bool HasExemplar { get; init; }

    /// <summary>The number of Unicode code points in the exemplar's label names and values.</summary>
    public int ExemplarRunes { get; init; }

    public int LineNumber { get; init; }

    public int LineStart { get; init; }

    /// <summary>Returns the index of the label called <paramref name="name"/>, or -1.</summary>
    public int FindLabel(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < Labels.Length; i++)
        {
            var label = Labels[i];
            if (Input.Slice(label.NameStart, label.NameLength).SequenceEqual(name))
            {
                return i;
            }
        }

        return -1;
    }

    public ReadOnlySpan<byte> LabelName(int index) => Input.Slice(Labels[index].NameStart, Labels[index].NameLength);

    public ReadOnlySpan<byte> LabelValue(int index) => Input.Slice(Labels[index].ValueStart, Labels[index].ValueLength);
}
