using BenchmarkDotNet.Attributes;
using InferScope.PromQL;
using InferScope.PromQL.Remote;

namespace InferScope.Benchmarks;

/// <summary>
/// Ten typical fleet range Queries (2 h at a 15 s step over 50 instances) on the local engine,
/// on Prometheus 2.42 and on VictoriaMetrics 1.79, each server started on loopback with the
/// same data. The local engine runs in process over the in-memory scratch store.
/// </summary>
[MemoryDiagnoser]
public class FleetQueryBenchmarks
{
    internal static readonly string[] Queries =
    [
        "histogram_quantile(0.99, sum by (le, az) (rate(llm_request_latency_seconds_bucket[5m])))",
        "histogram_quantile(0.5, sum by (le, instance) (rate(llm_request_latency_seconds_bucket[5m])))",
        "avg by (az) (llm_kv_cache_usage_ratio)",
        "max_over_time(llm_kv_cache_usage_ratio[10m])",
        "sum by (az) (rate(llm_generation_tokens_total[5m])) / sum by (az) (rate(llm_requests_total[5m]))",
        "topk(5, max by (instance) (gpu_temperature_celsius))",
        "sum by (model) (rate(llm_requests_total[5m]))",
        "rate(llm_request_latency_seconds_sum[5m]) / rate(llm_request_latency_seconds_count[5m])",
        "max by (az) (max_over_time(gpu_temperature_celsius[5m]))",
        "sum(rate(llm_generation_tokens_total[1m]))",
    ];

    private IQueryEngine engine = null!;
    private IAsyncDisposable? server;
    private HttpClient? http;
    private LocalQueryEngine? local;

    [Params("local", "prometheus", "victoriametrics")]
    public string Target { get; set; } = "local";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var data = BenchmarkFleet.Build(instances: 50, hours: 3);
        http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        switch (Target)
        {
            case "prometheus":
                {
                    var prometheus = await ReferenceServers.StartPrometheusAsync(data);
                    server = prometheus;
                    engine = new RemoteQueryEngine(http, prometheus.Address);
                    break;
                }

            case "victoriametrics":
                {
                    var victoria = await ReferenceServers.StartVictoriaMetricsAsync(data, http);
                    server = victoria;
                    engine = new RemoteQueryEngine(http, victoria.Address, new Dictionary<string, string> { ["nocache"] = "1" });
                    break;
                }

            default:
                local = new LocalQueryEngine(BenchmarkFleet.ToStore(data));
                engine = local;
                break;
        }

        await TenQueries();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        local?.Dispose();
        http?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Benchmark]
    public async Task<int> TenQueries()
    {
        var end = BenchmarkFleet.Start.AddHours(3);
        var start = end.AddHours(-2);
        var points = 0;
        foreach (var query in Queries)
        {
            var result = await engine.RangeQueryAsync(query, start, end, TimeSpan.FromSeconds(15));
            points += result.Series.Sum(s => s.Points.Count);
        }

        return points;
    }
}
