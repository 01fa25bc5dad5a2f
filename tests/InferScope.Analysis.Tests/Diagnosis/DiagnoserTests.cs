using System.Text.Json;
using InferScope.Analysis.Diagnosis;
using InferScope.Analysis.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Analysis.Tests.Diagnosis;

public class DiagnoserTests(FleetPrometheusFixture fleet) : IClassFixture<FleetPrometheusFixture>
{
    internal static readonly DiagnosisOptions Options = new()
    {
        Benchmarks = [new EndpointBenchmark("benchmark", 500, 32, 500, 150)],
        PublishInterval = TimeSpan.FromSeconds(30),
    };

    [Theory]
    [InlineData("kvqueue", FindingCause.KvCacheQueuing, null, null)]
    [InlineData("prefill", FindingCause.PrefillBound, null, null)]
    [InlineData("decode", FindingCause.DecodeBound, null, null)]
    [InlineData("overhead", FindingCause.OverheadLatency, "b", null)]
    [InlineData("aznotraffic", FindingCause.AzNoTraffic, "b", null)]
    [InlineData("thermal", FindingCause.GpuThrottling, "b", "thermal-b")]
    [InlineData("xid", FindingCause.GpuErrors, "a", "xid-a")]
    [InlineData("down", FindingCause.TargetDown, "a", "down-a")]
    [InlineData("benchmark", FindingCause.BenchmarkGap, null, null)]
    [InlineData("errors", FindingCause.ErrorRateSpike, null, null)]
    [InlineData("missing", FindingCause.MissingMetric, null, null)]
    [InlineData("storm", FindingCause.PreemptionStorm, null, null)]
    public async Task Diagnose_InjectedFault_RanksCauseFirst(string endpoint, FindingCause cause, string? az, string? instance)
    {
        var report = await DiagnoseAsync(endpoint);

        Assert.NotEmpty(report.Findings);
        var top = report.Findings[0];
        Assert.True(top.Cause == cause, $"Expected {cause} first for {endpoint} but got:\n{FindingsText.Format(report)}");
        Assert.Equal(endpoint, top.Scope.Endpoint);
        Assert.Equal(az, top.Scope.Az);
        Assert.Equal(instance, top.Scope.Instance);
        Assert.True(top.Severity >= Severity.Warning);
        Assert.NotEmpty(top.Evidence);
        Assert.All(top.Evidence, e => Assert.Null(e.Error));
    }

    [Fact]
    public async Task Diagnose_HealthyEndpoint_HasNoWarning()
    {
        var report = await DiagnoseAsync("healthy");

        Assert.True(report.Findings.All(f => f.Severity == Severity.Info), FindingsText.Format(report));
    }

    [Fact]
    public async Task Diagnose_BeforeFault_HasNoWarning()
    {
        var diagnoser = new Diagnoser(fleet.Server.Engine, Options, NullLogger<Diagnoser>.Instance);

        var report = await diagnoser.DiagnoseAsync(new DiagnosisRequest(FleetDataset.FaultAt.AddMinutes(-1), TimeSpan.FromMinutes(15), "kvqueue"));

        Assert.True(report.Findings.All(f => f.Severity == Severity.Info), FindingsText.Format(report));
    }

    [Fact]
    public async Task Diagnose_KvQueuing_EvidenceHasValues()
    {
        var report = await DiagnoseAsync("kvqueue");

        var finding = report.Findings[0];
        var kv = finding.Evidence.Single(e => e.Expression.Contains(Analysis.LlmMetrics.KvCacheUsage, StringComparison.Ordinal));
        Assert.InRange(kv.For("endpoint", "kvqueue")!.Value, 0.9, 0.97);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("requests waiting", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_DataParallelRanks_AggregatedPerInstance()
    {
        var signals = await EndpointSignals.LoadAsync(
            new DiagnosisContext(fleet.Server.Engine, new DiagnosisRequest(FleetDataset.End, TimeSpan.FromMinutes(15), "healthy"), Options),
            CancellationToken.None);

        Assert.Equal(2, signals.Instances.For("endpoint", "healthy"));
        Assert.Equal(0.4, signals.KvUsage.For("endpoint", "healthy")!.Value, 6);
        Assert.Equal(16, signals.Running.For("endpoint", "healthy")!.Value, 6);
    }

    [Fact]
    public async Task Diagnose_Overhead_NeverNegative()
    {
        var report = await DiagnoseAsync(null);

        var overheadValues = report.Findings.Where(f => f.Cause == FindingCause.OverheadLatency)
            .SelectMany(f => f.Evidence).SelectMany(e => e.Values).Select(v => v.Value);
        Assert.All(overheadValues, v => Assert.True(v >= 0));
    }

    [Fact]
    public async Task Diagnose_UnknownEndpoint_ReportsMissingData()
    {
        var report = await DiagnoseAsync("nosuch");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingCause.MissingMetric, finding.Cause);
        Assert.Contains("endpoint=\"nosuch\"", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindingsService_WritesRankedJson()
    {
        var service = new FindingsService(fleet.Server.Engine, Options, NullLoggerFactory.Instance);
        using var body = new MemoryStream();

        await service.WriteFindingsAsync(body, "aznotraffic", FleetDataset.End.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "15m");

        using var json = JsonDocument.Parse(body.ToArray());
        var first = json.RootElement.GetProperty("data").GetProperty("findings")[0];
        Assert.Equal("az-no-traffic", first.GetProperty("cause").GetString());
        Assert.Equal("critical", first.GetProperty("severity").GetString());
        Assert.Equal("b", first.GetProperty("scope").GetProperty("az").GetString());
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.NotEmpty(first.GetProperty("evidence")[0].GetProperty("query").GetString()!);
        Assert.True(first.GetProperty("evidence")[0].GetProperty("values").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("12:00")]
    public void FindingsService_InvalidTime_Throws(string text)
    {
        var error = Assert.Throws<FormatException>(() => FindingsService.ParseTime(text));

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    private Task<DiagnosisReport> DiagnoseAsync(string? endpoint)
    {
        var diagnoser = new Diagnoser(fleet.Server.Engine, Options, NullLogger<Diagnoser>.Instance);
        return diagnoser.DiagnoseAsync(new DiagnosisRequest(FleetDataset.End, TimeSpan.FromMinutes(15), endpoint));
    }
}
