using InferScope.Model;

namespace InferScope.Exposition;

/// <summary>
/// Buffers and bookkeeping of an <see cref="ExpositionReader"/>. Reusing one instance across the
/// scrapes of a target keeps the reader free of allocations once the buffers have grown to fit.
/// Not thread-safe: one reader at a time may use it.
/// </summary>
public sealed class ExpositionReaderState
{
    // Bounds the names kept from earlier scrapes; a payload with more families still parses.
    private const int MaxRememberedNames = 100_000;

    internal LabelSpan[] Labels { get; private set; } = new LabelSpan[16];

    internal LabelSpan[] ExemplarLabels { get; private set; } = new LabelSpan[4];

    internal OpenMetricsValidator Validator { get; } = new(MaxRememberedNames);

    /// <summary>Family types declared by TYPE lines in the 0.0.4 format; HELP-only names map to Unknown.</summary>
    internal Utf8NameTable<MetricType> PrometheusTypes { get; } = new(MaxRememberedNames);

    internal void Reset()
    {
        PrometheusTypes.NextGeneration();
        Validator.Reset();
    }

    internal LabelSpan[] GrowLabels(bool exemplar)
    {
        if (exemplar)
        {
            var grown = new LabelSpan[ExemplarLabels.Length * 2];
            ExemplarLabels.CopyTo(grown, 0);
            ExemplarLabels = grown;
            return grown;
        }
        else
        {
            var grown = new LabelSpan[Labels.Length * 2];
            Labels.CopyTo(grown, 0);
            Labels = grown;
            return grown;
        }
    }
}
