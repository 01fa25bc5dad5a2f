using System.Text.Json;
using InferScope.Analysis.Comparison;
using InferScope.Analysis.Rules;
using InferScope.Model;
using InferScope.PromQL;
using InferScope.Storage;

namespace InferScope.Analysis.Tests.Comparison;

/// <summary>
/// Compares sides whose TTFT histograms have different bucket edges, written straight into an
/// embedded store: per minute, each bucket's cumulative count grows by a fixed amount.
/// </summary>
public sealed class BucketLayoutComparisonTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "inferscope-layouts-" + Guid.NewGuid().ToString("N"));
    private readonly Tsdb tsdb;
    private readonly LocalQueryEngine engine;

    public BucketLayoutComparisonTests()
    {
        tsdb = Tsdb.Open(directory, new TsdbOptions { TooNewTolerance = null });
        engine = new LocalQueryEngine(tsdb);
    }

    public void Dispose()
    {
        engine.Dispose();
        tsdb.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task DifferentEdges_ReadAtSharedEdges()
    {
        await WriteAsync("a", "a-0", "la", [(0.1, 10), (0.5, 60), (1, 90), (double.PositiveInfinity, 100)]);
        await WriteAsync("b", "b-0", "lb", [(0.1, 30), (0.25, 50), (1, 80), (2.5, 95), (double.PositiveInfinity, 100)]);

        var report = await CompareAsync();

        // Shared edges 0.1, 1 and +Inf: a's median is 0.1 + 0.9 × 40/80, b's 0.1 + 0.9 × 20/50.
        Assert.Equal(0.55, report.A.TtftP50.Value, 9);
        Assert.Equal(0.46, report.B.TtftP50.Value, 9);
        var note = Assert.Single(report.Notes);
        Assert.Contains("TTFT bucket edges differ", note, StringComparison.Ordinal);
        Assert.Contains("(0.1, 1, +Inf)", note, StringComparison.Ordinal);
        Assert.Contains("Note: TTFT bucket edges differ", ComparisonText.Format(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameEdges_NoNoteAndFullResolution()
    {
        await WriteAsync("a", "a-0", "la", [(0.1, 10), (0.5, 60), (1, 90), (double.PositiveInfinity, 100)]);
        await WriteAsync("b", "b-0", "la", [(0.1, 30), (0.5, 50), (1, 80), (double.PositiveInfinity, 100)]);

        var report = await CompareAsync();

        // a's median is 0.1 + 0.4 × 40/50 with its own 0.5 edge.
        Assert.Equal(0.42, report.A.TtftP50.Value, 9);
        Assert.Equal(0.5, report.B.TtftP50.Value, 9);
        Assert.Empty(report.Notes);
    }

    [Fact]
    public async Task MixedLayouts_UseSharedEdges()
    {
        await WriteAsync("a", "a-0", "la", [(0.1, 10), (0.5, 60), (1, 90), (double.PositiveInfinity, 100)]);
        await WriteAsync("a", "a-1", "lb", [(0.1, 30), (0.25, 50), (1, 80), (2.5, 95), (double.PositiveInfinity, 100)]);
        await WriteAsync("b", "b-0", "la", [(0.1, 10), (0.5, 60), (1, 90), (double.PositiveInfinity, 100)]);

        var report = await CompareAsync();

        // Summed at 0.1, 1 and +Inf: 40, 170, 200, so the median is 0.1 + 0.9 × 60/130.
        Assert.Equal(0.1 + (0.9 * 60 / 130), report.A.TtftP50.Value, 9);
        Assert.Contains("a has 2 layouts", Assert.Single(report.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSharedFiniteEdges_PercentileNotCompared()
    {
        await WriteAsync("a", "a-0", "la", [(0.1, 10), (0.5, 60), (1, 90), (double.PositiveInfinity, 100)]);
        await WriteAsync("b", "b-0", "lb", [(0.05, 10), (0.2, 40), (2, 90), (double.PositiveInfinity, 100)]);

        var report = await CompareAsync();

        Assert.False(report.A.TtftP50.IsKnown);
        Assert.False(report.B.TtftP99.IsKnown);
        Assert.False(report.A.GoodputPerInstance.IsKnown);
        Assert.True(report.A.OutputTokensPerSecondPerInstance.IsKnown);
        var note = Assert.Single(report.Notes);
        Assert.Contains("TTFT percentiles are not compared", note, StringComparison.Ordinal);
        Assert.Contains("share 0 finite bucket edge(s)", note, StringComparison.Ordinal);

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ComparisonJson.Write(writer, report);
        }

        using var json = JsonDocument.Parse(stream.ToArray());
        var sides = json.RootElement.GetProperty("data").GetProperty("sides");
        Assert.Equal(JsonValueKind.Null, sides[0].GetProperty("ttftP50Seconds").ValueKind);
        Assert.Equal(JsonValueKind.Object, sides[0].GetProperty("outputTokensPerSecondPerInstance").ValueKind);
        Assert.Equal(note, json.RootElement.GetProperty("data").GetProperty("notes")[0].GetString());
    }

    private Task<ComparisonReport> CompareAsync() => new Comparator(engine).CompareAsync(new ComparisonRequest(
        new ComparisonSubject("a", "engine=\"a\""),
        new ComparisonSubject("b", "engine=\"b\""),
        Start.AddMinutes(20),
        TimeSpan.FromMinutes(15),
        new EndpointSlo("*")));

    /// <summary>Writes 20 minutes of one instance's TTFT buckets, running requests and output tokens every 15 s.</summary>
    private async Task WriteAsync(string engineName, string instance, string layout, (double Le, double PerMinute)[] buckets)
    {
        using var appender = tsdb.CreateAppender();
        for (var second = 0; second <= 1200; second += 15)
        {
            var timestampMs = Start.AddSeconds(second).ToUnixTimeMilliseconds();
            var minutes = second / 60.0;
            foreach (var (le, perMinute) in buckets)
            {
                var labels = Labels.FromPairs(
                    "__name__", LlmMetrics.Bucket(LlmMetrics.TimeToFirstToken),
                    LlmLabels.BucketLayout, layout,
                    LlmLabels.Engine, engineName,
                    LlmLabels.Instance, instance,
                    "le", double.IsPositiveInfinity(le) ? "+Inf" : le.ToString(System.Globalization.CultureInfo.InvariantCulture));
                appender.Append(labels, timestampMs, perMinute * minutes);
            }

            appender.Append(Labels.FromPairs("__name__", LlmMetrics.RequestsRunning, LlmLabels.Engine, engineName, LlmLabels.Instance, instance), timestampMs, 4);
            appender.Append(Labels.FromPairs("__name__", LlmMetrics.GenerationTokens, LlmLabels.Engine, engineName, LlmLabels.Instance, instance), timestampMs, 600 * minutes);
        }

        await appender.CommitAsync();
    }
}
