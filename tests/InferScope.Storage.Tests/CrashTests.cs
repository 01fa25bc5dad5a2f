using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using InferScope.Model;
using Xunit.Abstractions;

namespace InferScope.Storage.Tests;

public class CrashTests
{
    private const int Rounds = 20;

    private readonly ITestOutputHelper output;

    public CrashTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    [Fact]
    public async Task KilledWriter_KeepsEveryAcknowledgedSample()
    {
        using var folder = new TempFolder();
        var random = new Random(20261204);
        var acknowledged = new List<long>();
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            var acks = await RunAndKillAsync(folder.Path, random.Next(50, 600));
            var runMs = watch.ElapsedMilliseconds;
            acknowledged.AddRange(acks);
            VerifyAcknowledged(folder.Path, acknowledged);
            output.WriteLine($"round {round}: {acks.Count} batches acknowledged before SIGKILL; run {runMs} ms, verify {watch.ElapsedMilliseconds - runMs} ms");
        }

        Assert.True(acknowledged.Count >= Rounds, $"only {acknowledged.Count} batches were acknowledged in {Rounds} rounds");
    }

    /// <summary>Starts the writer, lets it run for about <paramref name="runMs"/> after it is ready, kills it with SIGKILL and returns the acknowledged timestamps.</summary>
    private static async Task<List<long>> RunAndKillAsync(string directory, int runMs)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(CrashWriter).Assembly.Location);
        start.ArgumentList.Add(CrashWriter.Command);
        start.ArgumentList.Add(directory);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The crash writer did not start.");
        var lines = new BlockingCollection<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Add(e.Data);
            }
        };
        var errors = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!lines.TryTake(out var first, TimeSpan.FromSeconds(60)) || first != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"The crash writer did not report ready: {first} {string.Join('\n', errors)}");
        }

        await Task.Delay(runMs);
        Assert.False(process.HasExited, "The writer exited by itself: " + string.Join('\n', errors));

        // On Unix, Process.Kill sends SIGKILL, so the writer gets no chance to flush or clean up.
        process.Kill();
        await process.WaitForExitAsync();
        process.WaitForExit();

        var acks = new List<long>();
        while (lines.TryTake(out var line))
        {
            if (line.StartsWith("ack ", StringComparison.Ordinal))
            {
                acks.Add(long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture));
            }
        }

        return acks;
    }

    private static void VerifyAcknowledged(string directory, List<long> acknowledged)
    {
        using var store = Tsdb.Open(directory, CrashWriter.StoreOptions());
        var all = StoreReading.ReadAll(store, [Matcher.Equal("__name__", "crash_test")]);
        for (var i = 0; i < CrashWriter.SeriesCount; i++)
        {
            var samples = all.GetValueOrDefault(CrashWriter.SeriesLabels(i)) ?? [];
            var byTime = samples.ToDictionary(s => s.Timestamp, s => s.Bits);
            foreach (var timestamp in acknowledged)
            {
                Assert.True(byTime.TryGetValue(timestamp, out var bits), $"series {i} lost acknowledged sample at {timestamp}");
                Assert.Equal(BitConverter.DoubleToUInt64Bits(CrashWriter.ValueOf(i, timestamp)), bits);
            }
        }

        var histograms = HistogramWorkload.ReadValues(store);
        for (var i = 0; i < CrashWriter.HistogramSeriesCount; i++)
        {
            var samples = histograms.GetValueOrDefault(CrashWriter.HistogramSeriesLabels(i)) ?? [];
            var rendered = samples.ToHashSet(StringComparer.Ordinal);
            foreach (var timestamp in acknowledged)
            {
                var (value, histogram) = CrashWriter.HistogramSampleOf(i, timestamp);
                var expected = histogram is null ? HistogramWorkload.Render(timestamp, value) : HistogramWorkload.Render(timestamp, histogram, withHint: false);
                if (!rendered.Contains(expected))
                {
                    Assert.Fail($"histogram series {i} lost or changed acknowledged sample {expected}");
                }
            }
        }
    }
}
