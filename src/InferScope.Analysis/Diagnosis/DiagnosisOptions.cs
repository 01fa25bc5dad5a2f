using InferScope.Analysis.Rules;

namespace InferScope.Analysis.Diagnosis;

/// <summary>The objectives, baselines and thresholds the diagnosis judges the metrics by.</summary>
public sealed record DiagnosisOptions
{
    public EndpointSlo DefaultSlo { get; init; } = new("*");

    public IReadOnlyList<EndpointSlo> Slos { get; init; } = [];

    public IReadOnlyList<EndpointBenchmark> Benchmarks { get; init; } = [];

    /// <summary>How often engines publish metrics; a series older than <see cref="StaleAfterIntervals"/> of these is stale.</summary>
    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Publish intervals of endpoints that differ from <see cref="PublishInterval"/>, by endpoint name.</summary>
    public IReadOnlyDictionary<string, TimeSpan> EndpointPublishIntervals { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    public double StaleAfterIntervals { get; init; } = 3;

    /// <summary>Mean KV-cache occupancy from which requests are taken to wait for room.</summary>
    public double KvCacheFullRatio { get; init; } = 0.85;

    /// <summary>Mean waiting requests per endpoint from which a queue counts as building.</summary>
    public double WaitingThreshold { get; init; } = 0.5;

    /// <summary>p90 overhead latency in seconds above which the gateway or router is a finding.</summary>
    public double OverheadP90Seconds { get; init; } = 0.2;

    /// <summary>Share of the mean end-to-end latency spent outside the engine above which overhead is a finding.</summary>
    public double OverheadShare { get; init; } = 0.2;

    /// <summary>An AZ whose traffic share is below this fraction of its fair share (by instances) is skewed.</summary>
    public double AzSkewRatio { get; init; } = 0.5;

    /// <summary>Fraction of time with clocks throttled for heat or power above which a GPU is throttled.</summary>
    public double ThrottleRatio { get; init; } = 0.1;

    /// <summary>Preemptions per second, or per request, above which preemption is a storm.</summary>
    public double PreemptionsPerSecond { get; init; } = 0.2;

    public double PreemptionsPerRequest { get; init; } = 0.05;

    /// <summary>Error ratio above which, at three times its baseline, errors count as a spike.</summary>
    public double ErrorRatio { get; init; } = 0.05;

    /// <summary>
    /// Mean end-to-end latency in seconds above which requests count as slow. When decoding takes
    /// most of that time, the endpoint is decode-bound even with inter-token latency in its objective.
    /// </summary>
    public double SlowRequestSeconds { get; init; } = 30;

    /// <summary>Share of the mean end-to-end latency spent decoding from which requests are decode-dominated.</summary>
    public double DecodeShare { get; init; } = 0.8;

    /// <summary>Share of the mean TTFT spent computing the prompt from which TTFT is prefill-dominated.</summary>
    public double PrefillShare { get; init; } = 0.5;

    /// <summary>Production output tokens/s per instance below this fraction of the benchmark is a gap.</summary>
    public double BenchmarkGapRatio { get; init; } = 0.5;

    public TimeSpan PublishIntervalFor(string endpoint) => EndpointPublishIntervals.GetValueOrDefault(endpoint, PublishInterval);

    public EndpointSlo SloFor(string endpoint) => Slos.FirstOrDefault(s => s.Endpoint == endpoint) ?? DefaultSlo;

    public EndpointBenchmark? BenchmarkFor(string endpoint) => Benchmarks.FirstOrDefault(b => b.Endpoint == endpoint);
}
