using System.Globalization;
using InferScope.Analysis.Diagnosis;
using InferScope.Analysis.Tests.Support;
using InferScope.Simulation.Scenarios;
using InferScope.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace InferScope.Analysis.Tests.Scenarios;

/// <summary>
/// Runs every scenario file shipped in scenarios/ in virtual time. For a scenario with a fault,
/// the top finding must name the injected root cause with its scope within two publish intervals
/// of the fault's start. A scenario without a fault carries its condition from the start and is
/// diagnosed an hour in. The healthy baseline and the engine comparison must have no finding of
/// warning severity or worse. A new scenario file is picked up without code.
/// </summary>
public class ScenarioDiagnosisTests(ITestOutputHelper output)
{
    /// <summary>How long before the fault scraping starts, so rates and the stale checks have history.</summary>
    private const double HistorySeconds = 600;

    /// <summary>Where a scenario without faults is diagnosed, in seconds after its start.</summary>
    private const double SteadyStateSeconds = 3600;

    /// <summary>The window the <c>diagnose</c> command uses by default.</summary>
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(15);

    public static TheoryData<string> ShippedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ScenarioDirectory, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    private static string ScenarioDirectory => Path.Combine(SharedData.RepositoryRoot, "scenarios");

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public async Task Scenario_TopFinding_NamesInjectedCause(string name)
    {
        var path = Path.Combine(ScenarioDirectory, name + ".yaml");
        using var runner = VirtualTimeRunner.Start(path);
        var scenario = runner.Fleet.Scenario;
        var fault = scenario.Faults.FirstOrDefault();
        if (fault is null)
        {
            await CheckSteadyStateAsync(runner, scenario);
            return;
        }

        // The window covers only scrapes since the fault started. The last check is two publish
        // intervals after the fault, when the top finding must already name the cause.
        var faultAt = PrometheusDuration.Parse(fault.At).TotalSeconds;
        var interval = runner.PublishIntervalSeconds(fault.Endpoint);
        var window = TimeSpan.FromSeconds(2 * interval);
        var diagnoser = CreateDiagnoser(runner);
        runner.SkipTo(faultAt - HistorySeconds);
        DiagnosisReport? report = null;
        for (var check = 1; check <= 2; check++)
        {
            var at = faultAt + (check * interval);
            await runner.RunUntilAsync(at);
            report = await diagnoser.DiagnoseAsync(new DiagnosisRequest(runner.At(at), window));
            if (Mismatch(scenario, report) is null)
            {
                break;
            }
        }

        output.WriteLine(FindingsText.Format(report!));
        var mismatch = Mismatch(scenario, report!);
        Assert.True(
            mismatch is null,
            string.Create(CultureInfo.InvariantCulture, $"{name} ({scenario.RootCause}) {2 * interval}s after the fault at {fault.At}: {mismatch}\n{FindingsText.Format(report!)}"));
    }

    [Fact]
    public async Task HealthyBaseline_HasNoWarning()
    {
        using var runner = VirtualTimeRunner.Start(Path.Combine(ScenarioDirectory, "healthy-baseline.yaml"));
        var interval = runner.PublishIntervalSeconds(null);
        var diagnoser = CreateDiagnoser(runner);
        runner.SkipTo(SteadyStateSeconds - DefaultWindow.TotalSeconds - HistorySeconds);
        foreach (var at in new[] { SteadyStateSeconds, SteadyStateSeconds + 300 })
        {
            await runner.RunUntilAsync(at);
            foreach (var window in new[] { DefaultWindow, TimeSpan.FromSeconds(2 * interval) })
            {
                var report = await diagnoser.DiagnoseAsync(new DiagnosisRequest(runner.At(at), window));
                output.WriteLine(FindingsText.Format(report));
                Assert.All(report.Findings, f => Assert.Equal(Severity.Info, f.Severity));
            }
        }
    }

    private async Task CheckSteadyStateAsync(VirtualTimeRunner runner, ScenarioDefinition scenario)
    {
        var diagnoser = CreateDiagnoser(runner);
        runner.SkipTo(SteadyStateSeconds - DefaultWindow.TotalSeconds - HistorySeconds);
        await runner.RunUntilAsync(SteadyStateSeconds);
        var report = await diagnoser.DiagnoseAsync(new DiagnosisRequest(runner.At(SteadyStateSeconds), DefaultWindow));
        output.WriteLine(FindingsText.Format(report));
        var mismatch = Mismatch(scenario, report);
        Assert.True(mismatch is null, $"{scenario.Name} ({scenario.RootCause}) at 1h: {mismatch}\n{FindingsText.Format(report)}");
    }

    private static Diagnoser CreateDiagnoser(VirtualTimeRunner runner) => new(
        runner.Engine,
        new DiagnosisOptions
        {
            PublishInterval = TimeSpan.FromSeconds(runner.PublishIntervalSeconds(null)),
            EndpointPublishIntervals = runner.Fleet.Scenario.Endpoints.ToDictionary(
                e => e.Name, e => TimeSpan.FromSeconds(runner.PublishIntervalSeconds(e.Name)), StringComparer.Ordinal),
        },
        NullLogger<Diagnoser>.Instance);

    /// <summary>Returns why the report does not name the scenario's cause and scope, or null when it does.</summary>
    private static string? Mismatch(ScenarioDefinition scenario, DiagnosisReport report)
    {
        if (scenario.RootCause is RootCauses.None or RootCauses.EngineComparison)
        {
            var loud = report.Findings.FirstOrDefault(f => f.Severity != Severity.Info);
            return loud is null ? null : $"expected no warning, found {loud.Cause.Id()} ({loud.Severity}) at {loud.Scope}";
        }

        var top = report.Findings.FirstOrDefault();
        if (top is null)
        {
            return "no finding";
        }

        var expected = ExpectedCauses(scenario.RootCause);
        if (!expected.Contains(top.Cause))
        {
            return $"top finding is {top.Cause.Id()}, expected {string.Join(" or ", expected.Select(c => c.Id()))}";
        }

        if (top.Severity == Severity.Info)
        {
            return $"top finding {top.Cause.Id()} is only informational";
        }

        var fault = scenario.Faults.FirstOrDefault();
        var endpoint = fault?.Endpoint ?? (scenario.Endpoints.Count == 1 ? scenario.Endpoints[0].Name : null);
        if (endpoint is not null && top.Scope.Endpoint != endpoint)
        {
            return $"top finding's scope is {top.Scope}, expected endpoint={endpoint}";
        }

        if (fault?.Az is { } az && top.Scope.Az != az)
        {
            return $"top finding's scope is {top.Scope}, expected az={az}";
        }

        if (fault?.Instance is { } index)
        {
            var host = string.Create(CultureInfo.InvariantCulture, $"{fault.Endpoint}-{index}:");
            if (top.Scope.Instance is not { } instance || !instance.StartsWith(host, StringComparison.Ordinal))
            {
                return $"top finding's scope is {top.Scope}, expected an instance on host {host.TrimEnd(':')}";
            }
        }

        if (fault?.Gpu is { } gpu && top.Scope.Gpu is { } scopeGpu && scopeGpu != gpu.ToString(CultureInfo.InvariantCulture))
        {
            return $"top finding's scope is {top.Scope}, expected gpu={gpu}";
        }

        return null;
    }

    private static FindingCause[] ExpectedCauses(string rootCause) => rootCause switch
    {
        RootCauses.KvCacheExhaustion => [FindingCause.KvCacheQueuing],
        RootCauses.AzTrafficImbalance => [FindingCause.AzNoTraffic, FindingCause.AzSkewedTraffic],
        RootCauses.RoutingOverhead => [FindingCause.OverheadLatency],
        RootCauses.PrefillBound => [FindingCause.PrefillBound],
        RootCauses.DecodeBound => [FindingCause.DecodeBound],
        RootCauses.GpuThermalThrottling => [FindingCause.GpuThrottling],
        RootCauses.GpuXidError => [FindingCause.GpuErrors],
        RootCauses.HealthCheckFailure => [FindingCause.DeploymentFailed, FindingCause.TargetDown],
        RootCauses.BatchConcurrencyLimit => [FindingCause.BenchmarkGap],
        _ => [],
    };
}
