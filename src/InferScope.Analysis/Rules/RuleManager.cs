using System.Diagnostics;
using InferScope.Analysis.Notifications;
using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.PromQL;
using Microsoft.Extensions.Logging;

namespace InferScope.Analysis.Rules;

/// <summary>
/// Evaluates rule groups on their schedules through <see cref="IQueryEngine"/>, so rules run the
/// same over the embedded store and a remote one. Recorded series and the ALERTS series go to an
/// <see cref="IAppendable"/>; firing and resolved alerts go to every <see cref="IAlertSender"/>.
/// Safe to read (<see cref="GetGroups"/>, <see cref="GetAlerts"/>) while it runs.
/// </summary>
public sealed partial class RuleManager
{
    private readonly IQueryEngine engine;
    private readonly IAppendable? output;
    private readonly IReadOnlyList<IAlertSender> senders;
    private readonly RuleManagerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly Lock sync = new();
    private readonly SemaphoreSlim evaluationGate = new(1, 1);
    private Dictionary<string, RuleGroup> groups = [];
    private CancellationTokenSource reloadSignal = new();

    public RuleManager(
        IQueryEngine engine,
        IAppendable? output,
        IEnumerable<IAlertSender> senders,
        RuleManagerOptions options,
        ILogger<RuleManager> logger,
        TimeProvider? timeProvider = null)
    {
        this.engine = engine;
        this.output = output;
        this.senders = [.. senders];
        this.options = options;
        this.logger = logger;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Replaces the loaded groups. Alerts of rules that keep their name and expression keep their state.</summary>
    public void Load(IEnumerable<RuleGroupDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var next = new Dictionary<string, RuleGroup>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            var key = GroupKey(definition);
            if (next.ContainsKey(key))
            {
                throw new RuleFileException(definition.File, [$"group \"{definition.Name}\" is defined twice."]);
            }

            next[key] = new RuleGroup(definition, definition.Interval ?? options.DefaultInterval);
        }

        CancellationTokenSource previousSignal;
        lock (sync)
        {
            foreach (var (key, group) in next)
            {
                if (groups.TryGetValue(key, out var previous))
                {
                    group.RestoreFrom(previous);
                }
            }

            groups = next;
            previousSignal = reloadSignal;
            reloadSignal = new CancellationTokenSource();
        }

        previousSignal.Cancel();
        previousSignal.Dispose();
        LogLoaded(logger, next.Count, next.Values.Sum(g => g.Rules.Count));
    }

    /// <summary>Loads every group of the given rule files; nothing changes when any file is invalid.</summary>
    /// <exception cref="RuleFileException">A file is missing or invalid.</exception>
    public void LoadFiles(IEnumerable<string> paths) => Load(paths.SelectMany(RuleFileParser.ParseFile).ToList());

    public IReadOnlyList<RuleGroupStatus> GetGroups()
    {
        lock (sync)
        {
            return groups.Values.Select(g => g.ToStatus()).ToList();
        }
    }

    /// <summary>Returns the pending and firing alerts of every alerting rule.</summary>
    public IReadOnlyList<Alert> GetAlerts() =>
        GetGroups().SelectMany(g => g.Rules).SelectMany(r => r.Alerts).ToList();

    /// <summary>Evaluates every group once at <paramref name="time"/>, for tests and virtual time.</summary>
    public async Task EvaluateAllAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        List<RuleGroup> snapshot;
        lock (sync)
        {
            snapshot = [.. groups.Values];
        }

        foreach (var group in snapshot)
        {
            await EvaluateGroupAsync(group, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs every group on its interval, at evaluation times aligned to multiples of the interval,
    /// until canceled. A reload takes effect at the next evaluation.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            List<RuleGroup> snapshot;
            CancellationTokenSource signal;
            lock (sync)
            {
                snapshot = [.. groups.Values];
                signal = reloadSignal;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signal.Token);
            try
            {
                await Task.WhenAll(snapshot.Select(g => RunGroupAsync(g, linked.Token))).ConfigureAwait(false);
                if (snapshot.Count == 0)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, linked.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A reload canceled the loops; start again with the new groups.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunGroupAsync(RuleGroup group, CancellationToken cancellationToken)
    {
        var intervalMs = (long)group.Interval.TotalMilliseconds;
        while (true)
        {
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var next = ((now / intervalMs) + 1) * intervalMs;
            await Task.Delay(TimeSpan.FromMilliseconds(next - now), timeProvider, cancellationToken).ConfigureAwait(false);
            await EvaluateGroupAsync(group, DateTimeOffset.FromUnixTimeMilliseconds(next), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EvaluateGroupAsync(RuleGroup group, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var toSend = new List<AlertNotification>();
        await evaluationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var rule in group.Rules)
            {
                List<(Labels Labels, double Value)> samples;
                try
                {
                    if (rule is AlertingRule alerting)
                    {
                        samples = await alerting.EvaluateAsync(engine, time, group.Definition.Limit, options.ExternalLabels, cancellationToken).ConfigureAwait(false);
                        foreach (var alert in alerting.TakeAlertsToSend(time, options.ResendDelay, group.Interval))
                        {
                            toSend.Add(ToNotification(alert, alerting.Definition.Expression));
                        }
                    }
                    else
                    {
                        samples = await ((RecordingRule)rule).EvaluateAsync(engine, time, group.Definition.Limit, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is QueryException or RuleEvaluationException or TemplateException)
                {
                    LogRuleFailed(logger, e, group.Definition.Name, RuleName(rule), e.Message);
                    continue;
                }

                await AppendAsync(samples, time, group.Definition.Name, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            evaluationGate.Release();
        }

        lock (sync)
        {
            group.LastEvaluation = time;
            group.EvaluationDuration = Stopwatch.GetElapsedTime(started);
        }

        if (toSend.Count > 0)
        {
            await SendAsync(toSend, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AppendAsync(List<(Labels Labels, double Value)> samples, DateTimeOffset time, string groupName, CancellationToken cancellationToken)
    {
        if (output is null || samples.Count == 0)
        {
            return;
        }

        using var appender = output.CreateAppender();
        var timestamp = time.ToUnixTimeMilliseconds();
        foreach (var (labels, value) in samples)
        {
            var status = appender.Append(labels, timestamp, value);
            if (status != AppendStatus.Ok)
            {
                LogAppendRejected(logger, groupName, labels.ToString(), status);
            }
        }

        await appender.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(List<AlertNotification> alerts, CancellationToken cancellationToken)
    {
        foreach (var sender in senders)
        {
            try
            {
                await sender.SendAsync(alerts, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogSendFailed(logger, e, alerts.Count, sender.Name, e.Message);
            }
        }
    }

    private AlertNotification ToNotification(Alert alert, string expression)
    {
        var labels = alert.Labels;
        if (options.ExternalLabels.Count > 0)
        {
            var builder = options.ExternalLabels.ToBuilder();
            foreach (var label in alert.Labels)
            {
                builder.Set(label.Name, label.Value);
            }

            labels = builder.Build();
        }

        var resolved = alert.State == AlertState.Inactive;
        var generatorUrl = new Uri(options.ExternalUrl, "graph?g0.expr=" + Uri.EscapeDataString(expression) + "&g0.tab=1").AbsoluteUri;
        return new AlertNotification(
            labels,
            alert.Annotations,
            alert.FiredAt ?? alert.ActiveAt,
            resolved ? alert.ResolvedAt!.Value : alert.ValidUntil!.Value,
            generatorUrl,
            resolved);
    }

    private static string GroupKey(RuleGroupDefinition definition) => definition.File + ";" + definition.Name;

    private static string RuleName(object rule) =>
        rule is AlertingRule alerting ? alerting.Definition.Name : ((RecordingRule)rule).Definition.Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {GroupCount} rule groups with {RuleCount} rules")]
    private static partial void LogLoaded(ILogger logger, int groupCount, int ruleCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule {RuleName} in group {GroupName} failed: {Reason}")]
    private static partial void LogRuleFailed(ILogger logger, Exception exception, string groupName, string ruleName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage rejected recorded sample {Series} of group {GroupName}: {Status}")]
    private static partial void LogAppendRejected(ILogger logger, string groupName, string series, AppendStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {AlertCount} alerts to {Receiver} failed: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int alertCount, string receiver, string reason);
}
