using InferScope.Engines;
using InferScope.Exposition;
using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.Simulation.Fleet;

namespace InferScope.Simulation.Virtual;

/// <summary>
/// The scrape path of a real scrape, applied to simulated responses: parse the exposition,
/// attach the target's labels (exposed labels that clash are kept as <c>exported_NAME</c>, as
/// Prometheus does without <c>honor_labels</c>), normalize into the unified schema, and append
/// raw and unified samples plus <c>up</c>, <c>scrape_samples_scraped</c> and
/// <c>scrape_duration_seconds</c>. The scrapes of one round (one timestamp) share a batch that is
/// committed when the next round starts, because a commit waits for the write-ahead log.
/// </summary>
public sealed class PipelineScrapeSink : IScrapeSink
{
    private readonly Func<string, string, ScrapePayload> parse;
    private readonly Func<ScrapePayload, Labels, EngineKind, NormalizationResult?>? normalize;
    private readonly IAppendable storage;
    private IAppender? appender;
    private long appenderTimestamp;

    /// <param name="parse">Parses a body with its content type.</param>
    /// <param name="normalize">Maps a payload to unified families given the target labels and the exporter kind, or null to keep raw metrics only.</param>
    /// <param name="storage">Where samples are appended.</param>
    public PipelineScrapeSink(
        Func<string, string, ScrapePayload> parse,
        Func<ScrapePayload, Labels, EngineKind, NormalizationResult?>? normalize,
        IAppendable storage)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(storage);
        this.parse = parse;
        this.normalize = normalize;
        this.storage = storage;
    }

    /// <summary>Samples whose append was rejected by the store, summed over the run.</summary>
    public long RejectedSamples { get; private set; }

    public long AppendedSamples { get; private set; }

    public async ValueTask WriteAsync(ScrapeTarget target, long timestampMs, ScrapeResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (appender is not null && appenderTimestamp != timestampMs)
        {
            await CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        appender ??= storage.CreateAppender();
        appenderTimestamp = timestampMs;
        var scraped = 0;
        if (response.StatusCode == 200)
        {
            var payload = parse(response.Body, ScrapeResponse.ContentType);
            scraped = AppendFamilies(appender, payload.Families, target.Labels, timestampMs);
            var unified = normalize?.Invoke(payload, target.Labels, target.Kind);
            if (unified is not null)
            {
                AppendFamilies(appender, unified.Unified, target.Labels, timestampMs);
            }
        }

        AppendReport(appender, target.Labels, "up", timestampMs, response.StatusCode == 200 ? 1 : 0);
        AppendReport(appender, target.Labels, "scrape_samples_scraped", timestampMs, scraped);
        AppendReport(appender, target.Labels, "scrape_duration_seconds", timestampMs, 0.002);
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (appender is not null)
        {
            await CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        using var batch = appender!;
        appender = null;
        await batch.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private int AppendFamilies(IAppender appender, IReadOnlyList<MetricFamily> families, Labels targetLabels, long timestampMs)
    {
        var count = 0;
        foreach (var family in families)
        {
            appender.UpdateMetadata(family.Name, family.Metadata);
            foreach (var point in family.Points)
            {
                Count(appender.Append(WithTargetLabels(point.Labels, targetLabels), point.TimestampMs ?? timestampMs, point.Value));
                count++;
            }
        }

        return count;
    }

    private void AppendReport(IAppender appender, Labels targetLabels, string name, long timestampMs, double value)
    {
        var labels = targetLabels.ToBuilder().Set(LabelNames.MetricName, name).Build();
        Count(appender.Append(labels, timestampMs, value));
    }

    private void Count(AppendStatus status)
    {
        if (status == AppendStatus.Ok)
        {
            AppendedSamples++;
        }
        else
        {
            RejectedSamples++;
        }
    }

    /// <summary>Adds the target labels; an exposed label with the same name is renamed <c>exported_NAME</c>.</summary>
    public static Labels WithTargetLabels(Labels exposed, Labels target)
    {
        ArgumentNullException.ThrowIfNull(exposed);
        ArgumentNullException.ThrowIfNull(target);
        var builder = new LabelsBuilder();
        foreach (var label in exposed)
        {
            var name = label.Name != LabelNames.MetricName && target.Has(label.Name) ? "exported_" + label.Name : label.Name;
            builder.Set(name, label.Value);
        }

        foreach (var label in target)
        {
            builder.Set(label.Name, label.Value);
        }

        return builder.Build();
    }
}
