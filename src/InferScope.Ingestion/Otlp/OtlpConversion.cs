using InferScope.Ingestion.SelfMetrics;
using InferScope.Model.Storage;

namespace InferScope.Ingestion.Otlp;

/// <summary>The outcome of converting and appending one export request.</summary>
internal sealed class OtlpConversion
{
    private readonly IngestionMetrics metrics;

    public OtlpConversion(IAppender appender, IngestionMetrics metrics)
    {
        Appender = appender;
        this.metrics = metrics;
    }

    public IAppender Appender { get; }

    /// <summary>Samples storage accepted.</summary>
    public long Stored { get; private set; }

    /// <summary>Data points dropped as invalid, or with a sample storage rejected.</summary>
    public long RejectedPoints { get; private set; }

    /// <summary>The first reason a point was dropped, for the partial-success message.</summary>
    public string? FirstError { get; private set; }

    /// <summary>Appends a sample; returns false when storage rejected it.</summary>
    public bool Append(Model.Labels labels, long timestampMs, double value)
    {
        var status = Appender.Append(labels, timestampMs, value);
        if (status == AppendStatus.Ok)
        {
            Stored++;
            return true;
        }

        metrics.AddRejected(IngestionSource.Otlp, status);
        FirstError ??= $"{RejectReason.Explain(status)} sample for {labels} at {timestampMs}";
        return false;
    }

    /// <summary>Counts a data point dropped before storage, with the reason.</summary>
    public void Reject(string reason, string message, long samples = 1)
    {
        RejectedPoints++;
        metrics.AddRejected(IngestionSource.Otlp, reason, samples);
        FirstError ??= message;
    }

    /// <summary>Counts a data point one of whose samples storage rejected.</summary>
    public void CountRejectedPoint() => RejectedPoints++;
}
