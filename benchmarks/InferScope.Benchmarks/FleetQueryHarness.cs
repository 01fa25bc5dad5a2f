using System.Diagnostics;
using System.Globalization;
using InferScope.Model;
using InferScope.PromQL;
using InferScope.PromQL.Remote;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using InferScope.Storage;
using Microsoft.AspNetCore.Builder;

namespace InferScope.Benchmarks;

/// <summary>
/// Times <see cref="FleetQueryBenchmarks.Queries"/> as range queries through the HTTP APIs of
/// InferScope (its embedded store, read from disk), Prometheus 2.42 and VictoriaMetrics 1.79
/// (with <c>nocache=1</c>), all holding the same generated fleet.
/// Run: <c>dotnet run -c Release --project benchmarks/InferScope.Benchmarks -- fleet-query [instances] [hours] [targets]</c>,
/// where targets is a comma-separated subset of inferscope, prometheus and victoriametrics.
/// </summary>
internal static class FleetQueryHarness
{
    public const string Command = "fleet-query";

    private const int Repetitions = 5;

    /// <summary>
    /// Rounds of all queries before timing, so that a just-started .NET process runs the code that
    /// tiered compilation optimized with the profile of these queries, as a long-running server does.
    /// Ten rounds left some evaluation loops at half their later speed.
    /// </summary>
    private const int WarmupRounds = 40;

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var hours = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 24;
        var targets = args.Length > 2 ? args[2].Split(',') : ["inferscope", "prometheus", "victoriametrics"];
        var clock = Stopwatch.StartNew();
        var data = BenchmarkFleet.Build(instances, hours);
        var samples = data.Values.Sum(list => (long)list.Count);
        Console.WriteLine($"dataset: {instances} instances, {hours} h at 15 s: {data.Count} series, {samples} samples ({clock.Elapsed.TotalSeconds:F0} s)");

        var end = BenchmarkFleet.Start.AddHours(hours);
        (string Name, DateTimeOffset Start, TimeSpan Step)[] windows =
        [
            ("last 2 h, 15 s step", end.AddHours(-2), TimeSpan.FromSeconds(15)),
            ($"all {hours} h, 5 min step", BenchmarkFleet.Start.AddMinutes(10), TimeSpan.FromMinutes(5)),
        ];

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var results = new List<(string Target, double[] Seconds)>();
        if (targets.Contains("inferscope"))
        {
            results.Add(("inferscope", await MeasureInferScopeAsync(data, http, windows, end)));
        }

        if (targets.Contains("prometheus"))
        {
            clock.Restart();
            await using var prometheus = await ReferenceServers.StartPrometheusAsync(data);
            Console.WriteLine($"prometheus 2.42: loaded in {clock.Elapsed.TotalSeconds:F0} s");
            results.Add(("prometheus 2.42", await TimeAsync(new RemoteQueryEngine(http, prometheus.Address), windows, end)));
        }

        if (targets.Contains("victoriametrics"))
        {
            clock.Restart();
            await using var victoria = await ReferenceServers.StartVictoriaMetricsAsync(data, http);
            Console.WriteLine($"victoriametrics 1.79: loaded in {clock.Elapsed.TotalSeconds:F0} s");
            var engine = new RemoteQueryEngine(http, victoria.Address, new Dictionary<string, string> { ["nocache"] = "1" });
            results.Add(("victoriametrics 1.79", await TimeAsync(engine, windows, end)));
        }

        Console.WriteLine();
        Console.WriteLine("| target | " + string.Join(" | ", windows.Select(w => w.Name)) + " |");
        Console.WriteLine("| --- |" + string.Concat(windows.Select(_ => " ---: |")));
        var first = results[0].Seconds;
        foreach (var (target, seconds) in results)
        {
            var cells = seconds.Select((value, i) => $"{value:F2} s ({value / first[i]:F2}×)");
            Console.WriteLine($"| {target} | {string.Join(" | ", cells)} |");
        }

        return 0;
    }

    /// <summary>Imports the data into blocks of a new data folder, serves it over HTTP and times the queries.</summary>
    private static async Task<double[]> MeasureInferScopeAsync(
        Dictionary<Labels, List<Sample>> data,
        HttpClient http,
        (string Name, DateTimeOffset Start, TimeSpan Step)[] windows,
        DateTimeOffset end)
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-fleet-query-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            var dataDir = Path.Combine(folder, "data");
            using (var importer = new BlockImporter(dataDir))
            {
                foreach (var (labels, list) in data)
                {
                    foreach (var sample in list)
                    {
                        importer.Add(labels, sample.TimestampMs, sample.Value);
                    }
                }

                importer.WriteBlocks();
            }

            Console.WriteLine($"inferscope: imported in {clock.Elapsed.TotalSeconds:F0} s");
            using var tsdb = Tsdb.Open(dataDir);
            using var engine = new LocalQueryEngine(tsdb);
            var app = await StartInferScopeAsync(folder, tsdb, engine);
            try
            {
                return await TimeAsync(new RemoteQueryEngine(http, InferScopeHost.BoundAddress(app)), windows, end);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<WebApplication> StartInferScopeAsync(string folder, Tsdb tsdb, LocalQueryEngine engine)
    {
        var configPath = Path.Combine(folder, "inferscope.yaml");
        await File.WriteAllTextAsync(configPath, string.Empty);
        var config = await ConfigLoader.LoadFileAsync(configPath);
        var app = InferScopeHost.Build(
            new ServerOptions { ConfigPath = configPath, ListenAddress = "127.0.0.1:0", WatchConfig = false },
            config,
            new ServerComponents { QueryEngine = engine, Queryable = tsdb },
            logging => { });
        await app.StartAsync();
        return app;
    }

    /// <summary>Runs the ten queries <see cref="WarmupRounds"/> times per window to warm up, then returns the median total seconds per window.</summary>
    private static async Task<double[]> TimeAsync(RemoteQueryEngine engine, (string Name, DateTimeOffset Start, TimeSpan Step)[] windows, DateTimeOffset end)
    {
        var medians = new double[windows.Length];
        for (var w = 0; w < windows.Length; w++)
        {
            var (_, start, step) = windows[w];
            var points = await RunAllAsync(engine, start, end, step, print: true);
            for (var warm = 1; warm < WarmupRounds; warm++)
            {
                await RunAllAsync(engine, start, end, step);
            }

            var times = new double[Repetitions];
            for (var r = 0; r < Repetitions; r++)
            {
                var clock = Stopwatch.StartNew();
                var again = await RunAllAsync(engine, start, end, step);
                times[r] = clock.Elapsed.TotalSeconds;
                if (again != points)
                {
                    throw new InvalidOperationException($"the same queries returned {points} and then {again} points");
                }
            }

            Array.Sort(times);
            medians[w] = times[Repetitions / 2];
            Console.WriteLine($"  {windows[w].Name}: {points} points, median {medians[w]:F2} s of {Repetitions}");
        }

        return medians;
    }

    private static async Task<long> RunAllAsync(RemoteQueryEngine engine, DateTimeOffset start, DateTimeOffset end, TimeSpan step, bool print = false)
    {
        long points = 0;
        foreach (var query in FleetQueryBenchmarks.Queries)
        {
            var clock = Stopwatch.StartNew();
            var result = await engine.RangeQueryAsync(query, start, end, step);
            points += result.Series.Sum(s => s.Points.Count);
            if (print)
            {
                Console.WriteLine($"    {clock.Elapsed.TotalSeconds,6:F2} s  {query}");
            }
        }

        return points;
    }
}
