using InferScope.Analysis.Diagnosis;
using InferScope.Analysis.Rules;
using InferScope.PromQL;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Findings;

/// <summary>
/// Keeps the diagnosis in step with the configuration: each endpoint's <c>slo</c> and
/// <c>benchmark</c> blocks become its objectives and baseline, and a reload replaces them for the
/// next request to <c>/api/inferscope/v1/findings</c>.
/// </summary>
public sealed class ConfiguredFindings : IConfigSubscriber
{
    private readonly IQueryEngine engine;
    private readonly ILoggerFactory loggerFactory;
    private volatile FindingsService current;

    public ConfiguredFindings(IQueryEngine engine, ILoggerFactory loggerFactory)
    {
        this.engine = engine ?? throw new ArgumentNullException(nameof(engine));
        this.loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        current = new FindingsService(engine, new DiagnosisOptions(), loggerFactory);
    }

    /// <summary>The diagnosis with the options of the configuration in force.</summary>
    public FindingsService Current => current;

    public DiagnosisOptions Options { get; private set; } = new();

    public Task ApplyAsync(InferScopeConfig config, CancellationToken cancellationToken)
    {
        var options = ToOptions(config);
        Options = options;
        current = new FindingsService(engine, options, loggerFactory);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Builds the diagnosis options from the endpoints. An SLO bound that is not set keeps the default
    /// (TTFT 1 s, ITL 0.1 s). A benchmark counts only with <c>output_tokens_per_second</c>, and its
    /// missing concurrency or prompt length skips the checks that need them. Each endpoint's series
    /// are judged stale by its own publish interval, and series of no configured endpoint by the longest.
    /// </summary>
    public static DiagnosisOptions ToOptions(InferScopeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var defaults = new DiagnosisOptions();
        var slos = new List<EndpointSlo>();
        var benchmarks = new List<EndpointBenchmark>();
        foreach (var endpoint in config.Endpoints)
        {
            if (endpoint.Slo is { } slo)
            {
                slos.Add(new EndpointSlo(
                    endpoint.Name,
                    slo.TtftSeconds ?? defaults.DefaultSlo.TimeToFirstTokenSeconds,
                    slo.ItlSeconds ?? defaults.DefaultSlo.InterTokenLatencySeconds));
            }

            if (endpoint.Benchmark is { OutputTokensPerSecond: { } outputTokens } benchmark)
            {
                benchmarks.Add(new EndpointBenchmark(
                    endpoint.Name,
                    outputTokens,
                    benchmark.Concurrency ?? double.NaN,
                    benchmark.MeanPromptTokens ?? double.NaN,
                    benchmark.MeanOutputTokens ?? double.NaN));
            }
        }

        var publish = config.Endpoints.Count == 0
            ? defaults.PublishInterval
            : TimeSpan.FromSeconds(config.Endpoints.Max(e => e.MetricsPublishFrequencySeconds));
        var intervals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var endpoint in config.Endpoints)
        {
            intervals[endpoint.Name] = TimeSpan.FromSeconds(endpoint.MetricsPublishFrequencySeconds);
        }

        return defaults with { Slos = slos, Benchmarks = benchmarks, PublishInterval = publish, EndpointPublishIntervals = intervals };
    }
}
