using System.Diagnostics;
using CsCheck;
using InferScope.TestSupport;

namespace InferScope.Exposition.Tests;

/// <summary>
/// Checks that the 0.0.4 writer's output parses with the text parser of Prometheus 2.42, through
/// <c>promtool check metrics</c> from the Debian package <c>prometheus</c>.
/// </summary>
public sealed class PromtoolInteropTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Theory]
    [MemberData(nameof(EngineFixtureTests.Fixtures), MemberType = typeof(EngineFixtureTests))]
    public async Task Write_EngineFixture_PromtoolParses(string file)
    {
        var payload = File.ReadAllBytes(SharedData.PathOf("fixtures", "engines", file));
        var families = ExpositionParser.Parse(payload, EngineFixtureTests.ContentTypeOf(payload)).Families;

        var (exitCode, output) = await CheckMetricsAsync(ExpositionWriter.ToBytes(families, ExpositionFormat.PrometheusText));

        // Exit code 3 means lint warnings only, such as a counter without _total.
        Assert.True(exitCode is 0 or 3, $"promtool exit code {exitCode}: {output}");
        Assert.DoesNotContain("parsing error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_GeneratedFamilies_PromtoolParses()
    {
        var samples = new List<List<MetricFamily>>();
        FamilyGenerators.Families(ExpositionFormat.PrometheusText).Sample(samples.Add, iter: 25, threads: 1);

        foreach (var families in samples)
        {
            var text = ExpositionWriter.ToBytes(families, ExpositionFormat.PrometheusText);

            var (exitCode, output) = await CheckMetricsAsync(text);

            Assert.True(exitCode is 0 or 3, $"promtool exit code {exitCode}: {output}\n{System.Text.Encoding.UTF8.GetString(text)}");
        }
    }

    private static async Task<(int ExitCode, string Output)> CheckMetricsAsync(byte[] payload)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} not found; install the Debian package prometheus.");
        var start = new ProcessStartInfo(Promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.BaseStream.WriteAsync(payload, timeout.Token);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
