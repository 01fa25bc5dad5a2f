using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.TestSupport;

namespace InferScope.Exposition.Tests;

public sealed class ExpositionIngestTests
{
    [Fact]
    public void Append_Payload_UsesOwnOrScrapeTimestamp()
    {
        var appender = new RecordingAppender();
        var payload = "a{x=\"1\"} 1\nb 2 1500\nc 3\n"u8.ToArray();

        var result = ExpositionIngest.Append(payload, ExpositionFormat.PrometheusText, appender, 1000, new SeriesLabelsCache());

        Assert.Equal(new ExpositionAppendResult(3, 2, 1), result);
        Assert.Equal(
            [
                (Labels.FromPairs("__name__", "a", "x", "1"), 1000L, 1.0),
                (Labels.FromPairs("__name__", "b"), 1500L, 2.0),
                (Labels.FromPairs("__name__", "c"), 1000L, 3.0),
            ],
            appender.Samples);
    }

    [Fact]
    public void Append_FixtureMatchesParse_SameSamples()
    {
        var payload = File.ReadAllBytes(SharedData.PathOf("fixtures", "engines", "vllm-v0-0.5.prom"));
        var appender = new RecordingAppender { RejectThird = false };

        var result = ExpositionIngest.Append(payload, ExpositionFormat.PrometheusText, appender, 42, new SeriesLabelsCache());

        var expected = ExpositionParser.Parse(payload, ExpositionFormat.PrometheusText).Families
            .SelectMany(f => f.Points)
            .Select(p => (p.Labels, p.TimestampMs ?? 42, p.Value))
            .ToList();
        Assert.Equal(expected.Count, result.Samples);
        Assert.Equal(expected.Count, result.Appended);
        Assert.Equal(expected, appender.Samples);
    }

    /// <summary>Records appended samples and rejects the third one, as storage rejects out-of-order samples.</summary>
    private sealed class RecordingAppender : IAppender
    {
        public List<(Labels Labels, long TimestampMs, double Value)> Samples { get; } = [];

        public bool RejectThird { get; init; } = true;

        public AppendStatus Append(Labels labels, long timestampMs, double value)
        {
            Samples.Add((labels, timestampMs, value));
            return RejectThird && Samples.Count == 3 ? AppendStatus.OutOfOrder : AppendStatus.Ok;
        }

        public void UpdateMetadata(string metricFamilyName, MetricMetadata metadata)
        {
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public void Rollback() => Samples.Clear();

        public void Dispose()
        {
        }
    }
}
