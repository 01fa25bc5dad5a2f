using InferScope.Analysis.Comparison;
using InferScope.Analysis.Rules;
using InferScope.Analysis.Tests.Diagnosis;
using InferScope.Analysis.Tests.Support;

namespace InferScope.Analysis.Tests.Comparison;

public class ComparatorTests(FleetPrometheusFixture fleet) : IClassFixture<FleetPrometheusFixture>
{
    [Fact]
    public async Task Compare_HealthyAgainstDecodeBound_FindsKnownFigures()
    {
        var comparator = new Comparator(fleet.Server.Engine);
        var request = new ComparisonRequest(
            new ComparisonSubject("healthy", "endpoint=\"healthy\""),
            new ComparisonSubject("decode", "endpoint=\"decode\""),
            FleetDataset.End,
            TimeSpan.FromMinutes(15),
            new EndpointSlo("*"),
            LoadRequestsPerSecond: 10);

        var report = await comparator.CompareAsync(request);

        var a = report.A;
        Assert.InRange(a.Intervals, 14, 15);
        Assert.Equal(0.1 + (0.15 * 4 / 7), a.TtftP50.Value, 6);
        Assert.Equal(80, a.OutputTokensPerSecondPerInstance.Value, 3);
        Assert.Equal(2, a.GoodputPerInstance.Value, 3);
        Assert.Equal(5, a.InstancesNeeded.Value);
        Assert.True(a.TtftP50.Lower <= a.TtftP50.Value && a.TtftP50.Value <= a.TtftP50.Upper);

        var b = report.B;
        Assert.True(b.ItlP50.Lower > a.ItlP50.Upper, ComparisonText.Format(report));
        Assert.Equal(0, b.GoodputPerInstance.Value, 6);
        Assert.False(b.InstancesNeeded.IsKnown);
        Assert.Contains("instances for 10 requests/s", ComparisonText.Format(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Bootstrap_VaryingIntervals_BracketsMean()
    {
        var values = Enumerable.Range(0, 60).Select(i => (double)(i % 10)).ToList();

        var estimate = Bootstrap.Run(values, s => s.Average());

        Assert.Equal(4.5, estimate.Value, 9);
        Assert.InRange(estimate.Lower, 3.5, 4.5);
        Assert.InRange(estimate.Upper, 4.5, 5.5);
    }

    [Theory]
    [InlineData(0.5, 0.185714285714)]
    [InlineData(0.99, 0.4875)]
    [InlineData(0.05, 0.05)]
    public void Quantile_KnownBuckets_MatchesPrometheus(double q, double expected)
    {
        double[] bounds = [0.1, 0.25, 0.5, double.PositiveInfinity];
        double[] counts = [1, 8, 10, 10];

        Assert.Equal(expected, HistogramMath.Quantile(q, bounds, counts), 9);
    }

    [Fact]
    public void Quantile_InInfBucket_ReturnsLargestFiniteBound()
    {
        Assert.Equal(0.5, HistogramMath.Quantile(0.99, [0.1, 0.5, double.PositiveInfinity], [0, 0, 10]));
    }

    [Theory]
    [InlineData(0.5, QuantileBound.AtMost)]
    [InlineData(0.7, QuantileBound.None)]
    [InlineData(0.95, QuantileBound.AtLeast)]
    public void BoundOf_FirstAndInfBuckets_AreBounds(double q, QuantileBound expected)
    {
        // 60 of 100 observations in the first bucket, 30 in the second and 10 above 0.5.
        Assert.Equal(expected, HistogramMath.BoundOf(q, [0.1, 0.5, double.PositiveInfinity], [60, 90, 100]));
    }

    [Fact]
    public void Text_MarksBoundQuantiles()
    {
        var bound = new Estimate(0.5, 0.5, 0.5) { Bound = QuantileBound.AtLeast };
        var figures = new ConfigurationFigures
        {
            Name = "a",
            TtftP50 = new Estimate(0.2, 0.1, 0.3),
            TtftP99 = bound,
            ItlP50 = Estimate.Missing,
            ItlP99 = Estimate.Missing,
            OutputTokensPerSecondPerInstance = Estimate.Missing,
            GoodputPerInstance = Estimate.Missing,
            InstancesNeeded = Estimate.Missing,
            Intervals = 1,
            Queries = [],
        };
        var request = new ComparisonRequest(
            new ComparisonSubject("a", "{engine=\"vllm\"}"),
            new ComparisonSubject("b", "{engine=\"sglang\"}"),
            DateTimeOffset.FromUnixTimeSeconds(1_767_571_200),
            TimeSpan.FromHours(1),
            new EndpointSlo("chat"));
        var report = new ComparisonReport(request, figures, figures with { Name = "b" });

        var text = ComparisonText.Format(report);

        Assert.Contains(">= 0.5 [0.5, 0.5]", text, StringComparison.Ordinal);
        Assert.Contains("0.2 [0.1, 0.3]", text, StringComparison.Ordinal);
        Assert.DoesNotContain(">= 0.2", text, StringComparison.Ordinal);
    }
}
