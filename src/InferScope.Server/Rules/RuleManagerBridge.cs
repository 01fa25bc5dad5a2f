using InferScope.Analysis.Rules;
using InferScope.Model;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using AnalysisRuleGroupStatus = InferScope.Analysis.Rules.RuleGroupStatus;

namespace InferScope.Server.Rules;

/// <summary>
/// Connects the configuration's <c>rule_files</c> to the rule manager: each valid configuration
/// reloads the files, the manager's evaluation loop runs until shutdown, and its state is shown by
/// <c>/api/v1/rules</c> and <c>/api/v1/alerts</c>. An invalid rule file or expression rejects the
/// configuration in validation, before any subscriber applies it.
/// </summary>
public sealed class RuleManagerBridge : IConfigSubscriber, IRuleStatusSource, IAsyncDisposable
{
    private readonly RuleManager manager;
    private readonly CancellationTokenSource stop = new();
    private Task? loop;
    private (InferScopeConfig Config, IReadOnlyList<RuleGroupDefinition> Groups)? validated;

    public RuleManagerBridge(RuleManager manager)
    {
        this.manager = manager ?? throw new ArgumentNullException(nameof(manager));
    }

    public Task ValidateAsync(InferScopeConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        validated = (config, RuleFileLoader.Load(config));
        return Task.CompletedTask;
    }

    public Task ApplyAsync(InferScopeConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);

        // For the configuration just validated, the groups parsed then are applied, so a rule file
        // edited in between cannot make the apply fail.
        var groups = validated is { } checkedGroups && ReferenceEquals(checkedGroups.Config, config)
            ? checkedGroups.Groups
            : RuleFileLoader.Load(config);
        validated = null;
        manager.Load(groups);
        loop ??= Task.Run(() => manager.RunAsync(stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public IReadOnlyList<RuleGroupStatus> Groups() => manager.GetGroups().Select(ToStatus).ToList();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The loop ends by cancellation at shutdown.
            }
        }

        stop.Dispose();
    }

    /// <summary>Expands a <c>*</c> in the file name of each path; paths without one are kept as they are.</summary>
    public static IReadOnlyList<string> ExpandGlobs(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var result = new List<string>();
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            if (!name.Contains('*', StringComparison.Ordinal))
            {
                result.Add(path);
                continue;
            }

            var folder = Path.GetDirectoryName(path) ?? ".";
            if (Directory.Exists(folder))
            {
                result.AddRange(Directory.GetFiles(folder, name).Order(StringComparer.Ordinal));
            }
        }

        return result;
    }

    private static RuleGroupStatus ToStatus(AnalysisRuleGroupStatus group) => new(
        group.Definition.Name,
        group.Definition.File,
        group.Interval,
        group.Rules.Select(ToStatus).ToList(),
        group.EvaluationDuration,
        group.LastEvaluation);

    private static RuleStatus ToStatus(Analysis.Rules.RuleStatus rule) => new(
        rule.Definition.Kind == RuleKind.Alerting ? "alerting" : "recording",
        rule.Definition.Name,
        rule.Definition.Expression,
        rule.Health switch
        {
            RuleHealth.Ok => "ok",
            RuleHealth.Err => "err",
            _ => "unknown",
        },
        rule.LastError ?? string.Empty,
        ToLabels(rule.Definition.Labels),
        rule.Definition.For,
        ToLabels(rule.Definition.Annotations),
        rule.Alerts.Select(a => new AlertStatus(a.Labels, a.Annotations, StateName(a.State), a.ActiveAt, a.Value)).ToList(),
        StateName(rule.State),
        rule.EvaluationDuration,
        rule.LastEvaluation);

    private static string StateName(AlertState state) => state switch
    {
        AlertState.Firing => "firing",
        AlertState.Pending => "pending",
        _ => "inactive",
    };

    private static Labels ToLabels(IReadOnlyDictionary<string, string> map) =>
        Labels.From(map.Select(p => new Label(p.Key, p.Value)));
}
