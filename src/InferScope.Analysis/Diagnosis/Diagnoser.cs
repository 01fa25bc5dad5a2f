using InferScope.Analysis.Diagnosis.Probes;
using InferScope.PromQL;
using Microsoft.Extensions.Logging;

namespace InferScope.Analysis.Diagnosis;

/// <summary>
/// Runs every probe over the metrics at one time and ranks the findings. Talks to storage only
/// through <see cref="IQueryEngine"/>, so it diagnoses the embedded store and a remote one alike.
/// </summary>
public sealed partial class Diagnoser(IQueryEngine engine, DiagnosisOptions options, ILogger<Diagnoser> logger, IReadOnlyList<IDiagnosisProbe>? probes = null)
{
    public static IReadOnlyList<IDiagnosisProbe> DefaultProbes { get; } =
    [
        new DeploymentProbe(),
        new GpuErrorsProbe(),
        new GpuThrottlingProbe(),
        new AzTrafficProbe(),
        new KvCacheQueuingProbe(),
        new PreemptionStormProbe(),
        new PrefillBoundProbe(),
        new DecodeBoundProbe(),
        new OverheadLatencyProbe(),
        new ErrorRateSpikeProbe(),
        new BenchmarkGapProbe(),
        new MissingMetricProbe(),
    ];

    public DiagnosisOptions Options { get; } = options;

    public async Task<DiagnosisReport> DiagnoseAsync(DiagnosisRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Window <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The window must be positive, but it is {request.Window}; use a duration such as 15m.", nameof(request));
        }

        var context = new DiagnosisContext(engine, request, Options);
        var signals = await EndpointSignals.LoadAsync(context, cancellationToken).ConfigureAwait(false);
        if (signals.Endpoints.Count == 0 && signals.FirstError() is { } failure)
        {
            // Without endpoints every probe would report "nothing to diagnose", hiding why.
            throw new QueryException(QueryErrorType.Unavailable, $"the queries that find endpoints failed, so nothing was diagnosed: {failure}");
        }

        var findings = new List<Finding>();
        foreach (var probe in probes ?? DefaultProbes)
        {
            findings.AddRange(await probe.RunAsync(context, signals, cancellationToken).ConfigureAwait(false));
        }

        foreach (var failed in context.AllEvidence.Where(e => e.Error is not null))
        {
            LogQueryFailed(logger, failed.Expression, failed.Error!);
        }

        var ranked = findings
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.Scope.ToString(), StringComparer.Ordinal)
            .ToList();
        LogDiagnosed(logger, request.Endpoint ?? "all endpoints", request.At, ranked.Count, context.AllEvidence.Count);
        return new DiagnosisReport(request, ranked, context.AllEvidence.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Diagnosis query failed: {Expression}: {Error}")]
    private static partial void LogQueryFailed(ILogger logger, string expression, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Diagnosed {Endpoint} at {At}: {FindingCount} findings from {QueryCount} queries")]
    private static partial void LogDiagnosed(ILogger logger, string endpoint, DateTimeOffset at, int findingCount, int queryCount);
}
