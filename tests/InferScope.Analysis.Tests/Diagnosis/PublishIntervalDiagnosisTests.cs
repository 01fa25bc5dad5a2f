using InferScope.Analysis.Diagnosis;
using InferScope.Analysis.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Analysis.Tests.Diagnosis;

/// <summary>
/// Diagnoses a simulated fleet whose "slow" endpoint publishes metrics once a minute while the
/// rest publish every 15 s, 50 s after the slow endpoint's last publication.
/// </summary>
public sealed class PublishIntervalDiagnosisTests : IDisposable
{
    private const string Scenario = """
        name: mixed-publish-intervals
        scrape_interval: 15s
        endpoints:
          - name: fast
            instance_count: 1
          - name: slow
            instance_count: 1
            metrics_publish_frequency_seconds: 60
        traffic:
          - endpoint: fast
            requests_per_second: 0.5
          - endpoint: slow
            requests_per_second: 0.5
        """;

    private readonly string path = Path.Combine(Path.GetTempPath(), "inferscope-publish-" + Guid.NewGuid().ToString("N") + ".yaml");

    public PublishIntervalDiagnosisTests() => File.WriteAllText(path, Scenario);

    public void Dispose() => File.Delete(path);

    [Fact]
    public async Task EndpointInterval_NotStaleBetweenPublications()
    {
        using var runner = VirtualTimeRunner.Start(path);
        runner.SkipTo(600);
        await runner.RunUntilAsync(1250);
        var request = new DiagnosisRequest(runner.At(1250), TimeSpan.FromMinutes(5));

        var fleetWide = await Diagnose(runner, new DiagnosisOptions { PublishInterval = TimeSpan.FromSeconds(15) }, request);
        var perEndpoint = await Diagnose(
            runner,
            new DiagnosisOptions
            {
                PublishInterval = TimeSpan.FromSeconds(15),
                EndpointPublishIntervals = new Dictionary<string, TimeSpan> { ["slow"] = TimeSpan.FromSeconds(60) },
            },
            request);

        // With one 15 s interval for the fleet, the slow endpoint's 50 s old samples count as stale.
        var stale = fleetWide.Findings.Where(f => f.Cause == FindingCause.MissingMetric && f.Summary.Contains("is stale", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(stale);
        Assert.All(stale, f => Assert.Equal("slow", f.Scope.Endpoint));
        Assert.Contains(stale, f => f.Summary.Contains("publish intervals of 15s", StringComparison.Ordinal));

        Assert.DoesNotContain(perEndpoint.Findings, f => f.Summary.Contains("is stale", StringComparison.Ordinal));
    }

    private static Task<DiagnosisReport> Diagnose(VirtualTimeRunner runner, DiagnosisOptions options, DiagnosisRequest request) =>
        new Diagnoser(runner.Engine, options, NullLogger<Diagnoser>.Instance).DiagnoseAsync(request);
}
