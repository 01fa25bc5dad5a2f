using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using InferScope.Model;
using InferScope.Storage;

namespace InferScope.Benchmarks;

/// <summary>
/// Measures bytes per sample on disk for the generated fleet dataset in InferScope's store,
/// Prometheus (promtool tsdb create-blocks-from openmetrics) and VictoriaMetrics (its
/// /api/v1/import/prometheus on loopback), and checks that InferScope reads every value back bit
/// for bit. Run: <c>dotnet run -c Release --project benchmarks/InferScope.Benchmarks -- storage-size [instances] [interval-seconds]</c>.
/// </summary>
internal static class StorageSizeHarness
{
    public const string Command = "storage-size";

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var intervalSeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        var work = Path.Combine(Path.GetTempPath(), "inferscope-storage-size-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var dataset = new StorageDataset(instances, TimeSpan.FromHours(2), TimeSpan.FromSeconds(intervalSeconds));
            var byMetric = new SortedDictionary<string, Dictionary<Labels, List<(long T, double V)>>>(StringComparer.Ordinal);
            long samples = 0;
            dataset.Generate((labels, t, v) =>
            {
                var name = labels.MetricName;
                if (!byMetric.TryGetValue(name, out var series))
                {
                    series = [];
                    byMetric[name] = series;
                }

                if (!series.TryGetValue(labels, out var list))
                {
                    list = [];
                    series[labels] = list;
                }

                list.Add((t, v));
                samples++;
            });
            var seriesCount = byMetric.Values.Sum(s => s.Count);
            Console.WriteLine($"dataset: {instances} instances, 2 h at {intervalSeconds} s: {seriesCount} series, {samples} samples");

            MeasureHeadMemory(byMetric, seriesCount);

            var openMetricsPath = Path.Combine(work, "fleet.om.txt");
            var prometheusPath = Path.Combine(work, "fleet.prom.txt");
            WriteFiles(byMetric, openMetricsPath, prometheusPath);

            var ours = MeasureInferScope(byMetric, Path.Combine(work, "inferscope"));
            Console.WriteLine($"inferscope: {ours} bytes, {(double)ours / samples:F3} bytes/sample (lossless, verified)");
            var stats = DiskStatistics.Compute(Path.Combine(work, "inferscope"), 12);
            Console.WriteLine($"  index {stats.IndexBytes} bytes ({(double)stats.IndexBytes / samples:F3} bytes/sample)");
            foreach (var metric in stats.HeaviestMetrics)
            {
                Console.WriteLine($"  {metric.MetricName,-45} {metric.Series,6} series {metric.BytesPerSample,7:F3} bytes/sample {(double)metric.ChunkBytes / samples,7:F3} of the total");
            }
            var prometheus = Environment.GetEnvironmentVariable("SKIP_PEERS") is not null ? null : MeasurePrometheus(openMetricsPath, Path.Combine(work, "prometheus"));
            Console.WriteLine(prometheus is null ? "prometheus: promtool not found" : $"prometheus 2.42: {prometheus} bytes, {(double)prometheus / samples:F3} bytes/sample");
            var victoria = Environment.GetEnvironmentVariable("SKIP_PEERS") is not null ? null : await MeasureVictoriaMetricsAsync(prometheusPath, Path.Combine(work, "victoria"), samples);
            Console.WriteLine(victoria is null ? "victoriametrics: not found" : $"victoriametrics 1.79: {victoria} bytes, {(double)victoria / samples:F3} bytes/sample");
            if (prometheus is not null)
            {
                Console.WriteLine($"ratio prometheus/inferscope: {(double)prometheus / ours:F2}");
            }

            if (victoria is not null)
            {
                Console.WriteLine($"ratio victoriametrics/inferscope: {(double)victoria / ours:F2}");
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void WriteFiles(SortedDictionary<string, Dictionary<Labels, List<(long T, double V)>>> byMetric, string openMetricsPath, string prometheusPath)
    {
        using var openMetrics = new StreamWriter(openMetricsPath, false, new UTF8Encoding(false), 1 << 20);
        using var prometheus = new StreamWriter(prometheusPath, false, new UTF8Encoding(false), 1 << 20);
        foreach (var (name, series) in byMetric)
        {
            openMetrics.Write($"# TYPE {name} unknown\n");
            foreach (var (labels, list) in series)
            {
                var text = SeriesText(labels);
                foreach (var (t, v) in list)
                {
                    var value = FormatValue(v);
                    openMetrics.Write($"{text} {value} {(t / 1000).ToString(CultureInfo.InvariantCulture)}.{(t % 1000).ToString("D3", CultureInfo.InvariantCulture)}\n");
                    prometheus.Write($"{text} {value} {t.ToString(CultureInfo.InvariantCulture)}\n");
                }
            }
        }

        openMetrics.Write("# EOF\n");
    }

    private static string SeriesText(Labels labels)
    {
        var builder = new StringBuilder(labels.MetricName).Append('{');
        var first = true;
        foreach (var label in labels)
        {
            if (label.Name == LabelNames.MetricName)
            {
                continue;
            }

            builder.Append(first ? string.Empty : ",").Append(label.Name).Append("=\"").Append(label.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            first = false;
        }

        return builder.Append('}').ToString();
    }

    private static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private static long MeasureInferScope(SortedDictionary<string, Dictionary<Labels, List<(long T, double V)>>> byMetric, string directory)
    {
        using (var importer = new BlockImporter(directory))
        {
            foreach (var series in byMetric.Values)
            {
                foreach (var (labels, list) in series)
                {
                    foreach (var (t, v) in list)
                    {
                        importer.Add(labels, t, v);
                    }
                }
            }

            importer.WriteBlocks();
        }

        using (var store = Tsdb.Open(directory, new TsdbOptions { TooNewTolerance = null }))
        using (var querier = store.CreateQuerier(long.MinValue, long.MaxValue))
        {
            var read = 0;
            foreach (var series in querier.Select([Matcher.Regex(LabelNames.MetricName, ".+")]))
            {
                var expected = byMetric[series.Labels.MetricName][series.Labels];
                var iterator = series.CreateIterator();
                var i = 0;
                while (iterator.MoveNext())
                {
                    if (iterator.Timestamp != expected[i].T || BitConverter.DoubleToUInt64Bits(iterator.Value) != BitConverter.DoubleToUInt64Bits(expected[i].V))
                    {
                        throw new InvalidDataException($"{series.Labels} sample {i} read back as ({iterator.Timestamp}, {iterator.Value:R}), expected ({expected[i].T}, {expected[i].V:R}).");
                    }

                    i++;
                }

                if (i != expected.Count)
                {
                    throw new InvalidDataException($"{series.Labels} has {i} samples, expected {expected.Count}.");
                }

                read++;
            }

            if (read != byMetric.Values.Sum(s => s.Count))
            {
                throw new InvalidDataException($"Read {read} series back, expected {byMetric.Values.Sum(s => s.Count)}.");
            }
        }

        return BlockBytes(directory);
    }

    /// <summary>
    /// Appends the dataset to an in-memory store scrape by scrape, one commit per timestamp as
    /// the scrape loop does, and prints the managed heap growth and the store's own estimate per series.
    /// </summary>
    private static void MeasureHeadMemory(SortedDictionary<string, Dictionary<Labels, List<(long T, double V)>>> byMetric, int seriesCount)
    {
        var all = byMetric.Values.SelectMany(series => series).ToList();
        var steps = all.Max(s => s.Value.Count);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var store = Tsdb.CreateInMemory(new TsdbOptions { TooNewTolerance = null });
        for (var step = 0; step < steps; step++)
        {
            using var appender = store.CreateAppender();
            foreach (var (labels, list) in all)
            {
                if (step < list.Count)
                {
                    appender.Append(labels, list[step].T, list[step].V);
                }
            }

            appender.CommitAsync().AsTask().GetAwaiter().GetResult();
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"head memory: {(double)(after - before) / seriesCount:F0} bytes per series measured (managed heap; label sets shared with the generator), {store.MemoryPerSeriesBytes():F0} estimated by the store");
        GC.KeepAlive(store);
    }

    private static long? MeasurePrometheus(string openMetricsPath, string directory)
    {
        if (!File.Exists("/usr/bin/promtool"))
        {
            return null;
        }

        Run("/usr/bin/promtool", ["tsdb", "create-blocks-from", "openmetrics", openMetricsPath, directory]);
        return BlockBytes(directory);
    }

    private static async Task<long?> MeasureVictoriaMetricsAsync(string prometheusPath, string directory, long samples)
    {
        if (!File.Exists("/usr/bin/victoria-metrics"))
        {
            return null;
        }

        var port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/victoria-metrics") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { $"-storageDataPath={directory}", $"-httpListenAddr=127.0.0.1:{port}", "-retentionPeriod=100y", "-search.latencyOffset=0s" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    (await http.GetAsync("/health")).EnsureSuccessStatusCode();
                    break;
                }
                catch (HttpRequestException) when (attempt < 100)
                {
                    await Task.Delay(100);
                }
            }

            await using (var file = File.OpenRead(prometheusPath))
            {
                using var content = new StreamContent(file);
                (await http.PostAsync("/api/v1/import/prometheus", content)).EnsureSuccessStatusCode();
            }

            // Wait until every sample is searchable, then flush and let background merges settle.
            for (var attempt = 0; attempt < 120; attempt++)
            {
                (await http.GetAsync("/internal/force_flush")).EnsureSuccessStatusCode();
                var count = await http.GetStringAsync("/api/v1/query?query=sum(count_over_time({__name__!=\"\"}[3h]))&time=" + ((1_764_806_400 + 7200).ToString(CultureInfo.InvariantCulture)));
                if (count.Contains($"\"{samples}\"", StringComparison.Ordinal))
                {
                    break;
                }

                await Task.Delay(1000);
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
            (await http.GetAsync("/internal/force_flush")).EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        return new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
    }

    private static long BlockBytes(string directory) =>
        Directory.GetDirectories(directory)
            .Where(d => File.Exists(Path.Combine(d, "meta.json")))
            .Sum(d => new DirectoryInfo(d).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length));

    private static void Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {error.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
