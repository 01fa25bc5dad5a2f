using InferScope.PromQL.Testing;
using InferScope.TestSupport;
using Xunit.Abstractions;

namespace InferScope.PromQL.Tests;

/// <summary>Runs Prometheus's own PromQL test scripts against the local engine.</summary>
public sealed class PromqlScriptTests(ITestOutputHelper output)
{
    public static TheoryData<string> TopLevelFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(SharedData.PathOf("promql-tests"), "*.test").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TopLevelFiles))]
    public async Task TopLevelScript_PassesEveryEval(string file)
    {
        using var log = new StringWriter();
        var report = await ScriptRunner.RunPathsAsync([SharedData.PathOf("promql-tests", file)], log);

        output.WriteLine(log.ToString());
        output.WriteLine(report.Summary);
        Assert.True(report.Passed > 0, $"{file} ran no eval");
        Assert.Equal(0, report.Failed);
        Assert.Equal(0, report.Skipped);
    }

    [Theory]
    [InlineData("native-histograms")]
    [InlineData("experimental")]
    public async Task LaterFolders_AreReported(string folder)
    {
        using var log = new StringWriter();
        var report = await ScriptRunner.RunPathsAsync([SharedData.PathOf("promql-tests", folder)], log);

        output.WriteLine(report.Summary);
        Assert.Equal(report.Outcomes.Count, report.Passed + report.Failed + report.Skipped);
        Assert.NotEmpty(report.Outcomes);
    }

    [Fact]
    public async Task Runner_ReportsAFailingExpectation()
    {
        const string Script = """
            load 1m
              metric{a="1"} 1 2 3

            eval instant at 2m metric
              metric{a="1"} 4

            eval instant at 2m metric
              metric{a="1"} 3

            eval range from 0 to 2m step 1m metric * 2
              {a="1"} 2 4 6
            """;
        var report = new ScriptReport();

        await new ScriptRunner().RunAsync("inline", Script, report);

        Assert.Equal("2 passed, 1 failed", report.Summary);
        Assert.Contains("expected 4 but got 3", report.Outcomes[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_ChecksNativeHistograms()
    {
        const string Script = """
            load 1m
              latency {{schema:0 sum:10 count:4 buckets:[1 2 1]}}+{{schema:0 sum:5 count:2 buckets:[1 1]}}x4

            eval instant at 4m increase(latency[4m])
              {} {{schema:0 sum:20 count:8 buckets:[4 4 0] counter_reset_hint:gauge}}

            eval instant at 4m histogram_count(latency)
              {} 12

            eval instant at 4m latency * 2
              {} {{schema:0 sum:60 count:24 buckets:[10 12 2]}}

            eval instant at 4m latency + 1
              expect info msg: PromQL info: incompatible sample types encountered for binary operator "+": histogram + float (1:1)

            eval instant at 4m histogram_count(latency)
              {} 13
            """;
        var report = new ScriptReport();

        using var runner = new ScriptRunner();
        await runner.RunAsync("inline", Script, report);

        Assert.Equal("4 passed, 1 failed", report.Summary);
        Assert.Contains("expected 13 but got 12", report.Outcomes[4].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_TrimsHistograms()
    {
        const string Script = """
            load 1m
              h {{schema:0 sum:123.75 count:34 z_bucket:1 z_bucket_w:0.001 buckets:[2 4 8 16] n_buckets:[1 2]}}

            eval instant at 1m h </ 2
              h {{count:10 sum:3.5355339059327373 z_bucket:1 z_bucket_w:0.001 buckets:[2 4] n_buckets:[1 2]}}

            eval instant at 1m h >/ 1.4142135624
              h {{count:26 sum:116.50067065070982 z_bucket_w:0.001 buckets:[0 2 8 16]}}

            eval instant at 1m h </ +Inf
              h {{schema:0 sum:123.75 count:34 z_bucket:1 z_bucket_w:0.001 buckets:[2 4 8 16] n_buckets:[1 2]}}
            """;
        var report = new ScriptReport();

        using var runner = new ScriptRunner();
        await runner.RunAsync("inline", Script, report);

        Assert.Equal("3 passed, 0 failed", report.Summary);
    }
}
