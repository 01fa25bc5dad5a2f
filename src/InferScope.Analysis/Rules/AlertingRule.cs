using InferScope.Model;
using InferScope.PromQL;

namespace InferScope.Analysis.Rules;

/// <summary>
/// Evaluates an alerting rule and keeps its alerts' state with Prometheus's semantics: a new
/// alert is pending, fires once its condition has held for <c>for</c>, keeps firing for
/// <c>keep_firing_for</c> after the condition clears, and is then resolved and kept for
/// <see cref="ResolvedRetention"/> so receivers hear that it ended.
/// </summary>
internal sealed class AlertingRule
{
    public const string AlertsMetric = "ALERTS";
    public const string AlertsForStateMetric = "ALERTS_FOR_STATE";
    public const string AlertNameLabel = "alertname";
    public const string AlertStateLabel = "alertstate";

    public static readonly TimeSpan ResolvedRetention = TimeSpan.FromMinutes(15);

    private readonly Dictionary<Labels, Alert> active = [];
    private readonly List<(string Name, RuleTemplate Template)> labelTemplates;
    private readonly List<(string Name, RuleTemplate Template)> annotationTemplates;

    public AlertingRule(RuleDefinition definition)
    {
        Definition = definition;
        labelTemplates = definition.Labels.Select(p => (p.Key, RuleTemplate.Parse(p.Value))).ToList();
        annotationTemplates = definition.Annotations.Select(p => (p.Key, RuleTemplate.Parse(p.Value))).ToList();
        Status = new RuleStatus { Definition = definition };
    }

    public RuleDefinition Definition { get; }

    public RuleStatus Status { get; private set; }

    public IReadOnlyCollection<Alert> Alerts => active.Values;

    /// <summary>Takes over the alerts of the same rule before a reload, so a reload does not restart <c>for</c>.</summary>
    public void RestoreFrom(AlertingRule previous)
    {
        foreach (var (key, alert) in previous.active)
        {
            active[key] = alert;
        }

        Status = Status with { Alerts = [.. active.Values.Where(a => a.State != AlertState.Inactive)] };
    }

    /// <summary>Evaluates the rule at <paramref name="time"/> and returns the ALERTS series to record.</summary>
    public async Task<List<(Labels Labels, double Value)>> EvaluateAsync(
        IQueryEngine engine, DateTimeOffset time, int limit, Labels externalLabels, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var vector = await RuleQuery.EvaluateAsync(engine, Definition.Expression, time, cancellationToken).ConfigureAwait(false);
            var seen = new HashSet<Labels>();
            foreach (var (sampleLabels, value) in vector)
            {
                var labels = BuildLabels(sampleLabels, value, externalLabels);
                if (!seen.Add(labels))
                {
                    throw new RuleEvaluationException(
                        $"Two result series have the same labels {labels} once the alert's labels are applied; aggregate away the label that differs.");
                }

                var data = new TemplateData(sampleLabels.Without(LabelNames.MetricName), value, externalLabels);
                var annotations = Labels.From(annotationTemplates.Select(t => new Label(t.Name, t.Template.Expand(data))));
                if (active.TryGetValue(labels, out var existing) && existing.State != AlertState.Inactive)
                {
                    active[labels] = existing with { Value = value, Annotations = annotations, KeepFiringSince = null };
                }
                else
                {
                    active[labels] = new Alert
                    {
                        Labels = labels,
                        Annotations = annotations,
                        State = AlertState.Pending,
                        Value = value,
                        ActiveAt = time,
                    };
                }
            }

            if (limit > 0 && seen.Count > limit)
            {
                active.Clear();
                throw new RuleEvaluationException($"The rule produced {seen.Count} alerts, more than the group limit of {limit}; all its alerts were dropped.");
            }

            AdvanceStates(seen, time);
            Status = Status with
            {
                Health = RuleHealth.Ok,
                LastError = null,
                LastEvaluation = time,
                EvaluationDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started),
                Alerts = [.. active.Values.Where(a => a.State != AlertState.Inactive)],
            };
            return AlertSeries();
        }
        catch (Exception e) when (e is QueryException or RuleEvaluationException or TemplateException)
        {
            Status = Status with
            {
                Health = RuleHealth.Err,
                LastError = e.Message,
                LastEvaluation = time,
                EvaluationDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started),
            };
            throw;
        }
    }

    /// <summary>Returns the alerts due to be sent at <paramref name="time"/> and marks them sent.</summary>
    public List<Alert> TakeAlertsToSend(DateTimeOffset time, TimeSpan resendDelay, TimeSpan interval)
    {
        var due = new List<Alert>();
        foreach (var (key, alert) in active.ToList())
        {
            if (alert.State == AlertState.Pending)
            {
                continue;
            }

            var resolvedSinceSent = alert.ResolvedAt is { } resolvedAt && (alert.LastSentAt is null || resolvedAt > alert.LastSentAt);
            var resendDue = alert.LastSentAt is null || alert.LastSentAt.Value + resendDelay <= time;
            if (alert.State == AlertState.Inactive ? !resolvedSinceSent && !resendDue : !resendDue)
            {
                continue;
            }

            var validFor = 4 * (resendDelay > interval ? resendDelay : interval);
            var sent = alert with { LastSentAt = time, ValidUntil = time + validFor };
            active[key] = sent;
            due.Add(sent);
        }

        return due;
    }

    private Labels BuildLabels(Labels sampleLabels, double value, Labels externalLabels)
    {
        var data = new TemplateData(sampleLabels.Without(LabelNames.MetricName), value, externalLabels);
        var builder = sampleLabels.ToBuilder().Delete(LabelNames.MetricName);
        foreach (var (name, template) in labelTemplates)
        {
            builder.Set(name, template.Expand(data));
        }

        builder.Set(AlertNameLabel, Definition.Name);
        return builder.Build();
    }

    private void AdvanceStates(HashSet<Labels> present, DateTimeOffset time)
    {
        foreach (var (key, alert) in active.ToList())
        {
            if (!present.Contains(key))
            {
                if (alert.State == AlertState.Pending
                    || (alert.ResolvedAt is { } resolvedAt && time - resolvedAt > ResolvedRetention))
                {
                    active.Remove(key);
                    continue;
                }

                if (alert.State == AlertState.Firing)
                {
                    var keepSince = alert.KeepFiringSince ?? time;
                    active[key] = Definition.KeepFiringFor > TimeSpan.Zero && time - keepSince < Definition.KeepFiringFor
                        ? alert with { KeepFiringSince = keepSince }
                        : alert with { State = AlertState.Inactive, ResolvedAt = time, KeepFiringSince = null };
                }

                continue;
            }

            if (alert.State == AlertState.Pending && time - alert.ActiveAt >= Definition.For)
            {
                active[key] = alert with { State = AlertState.Firing, FiredAt = time };
            }
        }
    }

    private List<(Labels Labels, double Value)> AlertSeries()
    {
        var series = new List<(Labels, double)>();
        foreach (var alert in active.Values)
        {
            if (alert.State == AlertState.Inactive)
            {
                continue;
            }

            var state = alert.State == AlertState.Firing ? "firing" : "pending";
            series.Add((alert.Labels.ToBuilder().Set(LabelNames.MetricName, AlertsMetric).Set(AlertStateLabel, state).Build(), 1));
            if (Definition.For > TimeSpan.Zero)
            {
                series.Add((alert.Labels.ToBuilder().Set(LabelNames.MetricName, AlertsForStateMetric).Build(), alert.ActiveAt.ToUnixTimeMilliseconds() / 1000.0));
            }
        }

        return series;
    }
}
