using System.Globalization;
using InferScope.Analysis.Diagnosis;
using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.PromQL;

namespace InferScope.Analysis.Scaling;

/// <summary>
/// Advises the instance count per endpoint: target tracking on mean KV-cache occupancy, raised
/// further when requests wait, within the policy's limits and cooldowns, with a prediction of
/// when the queue builds from the occupancy trend. It remembers its own past advice to apply
/// cooldowns, so one advisor should serve all requests of a process.
/// </summary>
public sealed class ScalingAdvisor(IQueryEngine engine, ScalingPolicy policy)
{
    private readonly Dictionary<string, (int Desired, DateTimeOffset? LastScaleOut, DateTimeOffset? LastChange)> history = new(StringComparer.Ordinal);
    private readonly Lock sync = new();

    public ScalingPolicy Policy { get; } = policy;

    /// <summary>Returns advice for every endpoint with load or KV-cache series, or for one endpoint.</summary>
    public async Task<IReadOnlyList<ScalingAdvice>> AdviseAsync(DateTimeOffset at, string? endpoint = null, CancellationToken cancellationToken = default)
    {
        var context = new DiagnosisContext(engine, new DiagnosisRequest(at, Policy.SignalWindow, endpoint), new DiagnosisOptions());
        var s = context.Selector();
        var w = context.Range;
        var instanceBy = "endpoint, az, instance";
        var current = await context.QueryAsync($"count by (endpoint) (group by ({instanceBy}) ({LlmMetrics.RequestsRunning}{s}))", cancellationToken).ConfigureAwait(false);
        var kv = await context.QueryAsync($"avg by (endpoint) (avg by ({instanceBy}) (avg_over_time({LlmMetrics.KvCacheUsage}{s}[{w}])))", cancellationToken).ConfigureAwait(false);
        var kvAge = await context.QueryAsync($"time() - max by (endpoint) (timestamp({LlmMetrics.KvCacheUsage}{s}))", cancellationToken).ConfigureAwait(false);
        var waiting = await context.QueryAsync($"sum by (endpoint) (avg_over_time({LlmMetrics.RequestsWaiting}{s}[{w}]))", cancellationToken).ConfigureAwait(false);
        var running = await context.QueryAsync($"sum by (endpoint) (avg_over_time({LlmMetrics.RequestsRunning}{s}[{w}]))", cancellationToken).ConfigureAwait(false);
        var trend = await context.QueryAsync(
            $"avg by (endpoint) (deriv({LlmMetrics.KvCacheUsage}{s}[{PrometheusDuration.Format(Policy.TrendWindow)}]))", cancellationToken).ConfigureAwait(false);

        var endpoints = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var evidence in new[] { current, kv, waiting })
        {
            endpoints.UnionWith(evidence.ByLabel(LlmLabels.Endpoint).Keys);
        }

        if (endpoint is not null)
        {
            endpoints.Add(endpoint);
        }

        var advice = new List<ScalingAdvice>();
        foreach (var name in endpoints)
        {
            Evidence[] evidenceFor = [.. new[] { current, kv, kvAge, waiting, running, trend }.Select(e => e.Only(LlmLabels.Endpoint, name))];
            advice.Add(AdviseOne(name, at, current.For(LlmLabels.Endpoint, name), kv.For(LlmLabels.Endpoint, name), kvAge.For(LlmLabels.Endpoint, name),
                waiting.For(LlmLabels.Endpoint, name), running.For(LlmLabels.Endpoint, name), trend.For(LlmLabels.Endpoint, name), evidenceFor));
        }

        return advice;
    }

    /// <summary>Writes <c>llm_scaling_desired_instances</c> and <c>llm_scaling_signal</c> for each advised endpoint.</summary>
    public static async Task RecordAsync(IAppendable output, IEnumerable<ScalingAdvice> advice, DateTimeOffset at, ScalingPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(advice);
        ArgumentNullException.ThrowIfNull(policy);
        using var appender = output.CreateAppender();
        var timestamp = at.ToUnixTimeMilliseconds();
        foreach (var item in advice.Where(a => a.DesiredInstances is not null))
        {
            appender.Append(Labels.FromPairs(LabelNames.MetricName, LlmMetrics.ScalingDesiredInstances, LlmLabels.Endpoint, item.Endpoint), timestamp, item.DesiredInstances!.Value);
            if (item.KvUsage is { } kv)
            {
                appender.Append(Labels.FromPairs(LabelNames.MetricName, LlmMetrics.ScalingSignal, LlmLabels.Endpoint, item.Endpoint, "signal", "kv_cache_usage"), timestamp, kv / policy.TargetKvUsage);
            }

            if (item.DesiredByQueue is { } byQueue && item.CurrentInstances is > 0)
            {
                appender.Append(Labels.FromPairs(LabelNames.MetricName, LlmMetrics.ScalingSignal, LlmLabels.Endpoint, item.Endpoint, "signal", "queue_per_instance"), timestamp, (double)byQueue / item.CurrentInstances.Value);
            }
        }

        await appender.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private ScalingAdvice AdviseOne(
        string endpoint, DateTimeOffset at, double? current, double? kv, double? kvAge, double? waiting, double? running, double? slope, Evidence[] evidence)
    {
        ScalingAdvice NoAdvice(string reason) => new() { Endpoint = endpoint, CurrentInstances = (int?)current, KvUsage = kv, Reason = reason, Evidence = evidence };

        if (current is not > 0)
        {
            return NoAdvice($"No advice: no instance of {endpoint} publishes {LlmMetrics.RequestsRunning}, so the current count is unknown.");
        }

        if (kv is null)
        {
            return NoAdvice($"No advice: {LlmMetrics.KvCacheUsage} is missing for {endpoint}, and KV-cache occupancy is the primary signal.");
        }

        if (kvAge is null || kvAge > Policy.StaleAfter.TotalSeconds)
        {
            return NoAdvice(string.Create(
                CultureInfo.InvariantCulture,
                $"No advice: {LlmMetrics.KvCacheUsage} for {endpoint} is stale (newest sample {kvAge ?? double.NaN:0}s old, limit {Policy.StaleAfter.TotalSeconds:0}s)."));
        }

        var instances = (int)current.Value;
        var byKv = (int)Math.Ceiling(Math.Round(instances * kv.Value / Policy.TargetKvUsage, 9));
        var perInstanceConcurrency = Math.Max(1, (running ?? 0) / instances);
        var byQueue = instances + (int)Math.Ceiling(Math.Round((waiting ?? 0) / perInstanceConcurrency, 9));
        var requested = Math.Max(byKv, byQueue);

        DateTimeOffset? queueBuildsAt = null;
        if (slope is > 0 && kv < Policy.QueueBuildsAtKvUsage)
        {
            queueBuildsAt = at + TimeSpan.FromSeconds((Policy.QueueBuildsAtKvUsage - kv.Value) / slope.Value);
        }

        int desired;
        DateTimeOffset? cooldownUntil;
        string note;
        lock (sync)
        {
            // A cooldown keeps the count last advised, which the fleet may not have reached yet.
            var baseline = history.TryGetValue(endpoint, out var past) ? past.Desired : instances;
            (desired, cooldownUntil, note) = ScalingDecision.Decide(Policy, baseline, requested, at, past.LastScaleOut, past.LastChange);
            if (desired != baseline)
            {
                history[endpoint] = (desired, desired > baseline ? at : past.LastScaleOut, at);
            }
            else if (!history.ContainsKey(endpoint))
            {
                history[endpoint] = (desired, null, null);
            }
        }

        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"KV-cache occupancy {kv:P0} against a {Policy.TargetKvUsage:P0} target asks for {byKv}; {waiting ?? 0:0.#} waiting requests at {perInstanceConcurrency:0.#} running per instance ask for {byQueue}");
        reason += desired == instances ? $"; keep {instances}{note}." : $"; {(desired > instances ? "scale out" : "scale in")} from {instances} to {desired}{note}.";
        if (queueBuildsAt is { } builds)
        {
            reason += string.Create(CultureInfo.InvariantCulture, $" At the current trend requests start to queue in {(builds - at).TotalMinutes:0} min.");
        }

        return new ScalingAdvice
        {
            Endpoint = endpoint,
            CurrentInstances = instances,
            DesiredInstances = desired,
            KvUsage = kv,
            WaitingPerInstance = (waiting ?? 0) / instances,
            DesiredByKvUsage = byKv,
            DesiredByQueue = byQueue,
            QueueBuildsAt = queueBuildsAt,
            CooldownUntil = cooldownUntil,
            Reason = reason,
            Evidence = evidence,
        };
    }
}
