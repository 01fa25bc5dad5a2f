using InferScope.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace InferScope.Analysis.Rules;

/// <summary>
/// Reads rule files in Prometheus's format and checks them as <c>promtool check rules</c> does,
/// apart from the PromQL itself, which the query engine checks on the first evaluation.
/// </summary>
public static class RuleFileParser
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithEventEmitter(next => new LiteralBlockEmitter(next))
        .Build();

    /// <exception cref="RuleFileException">The file is missing, not YAML, or breaks a rule-file rule.</exception>
    public static IReadOnlyList<RuleGroupDefinition> ParseFile(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuleFileException($"Rule file {path} cannot be read: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <exception cref="RuleFileException">The text is not YAML or breaks a rule-file rule.</exception>
    public static IReadOnlyList<RuleGroupDefinition> Parse(string yaml, string file)
    {
        RuleFileDocument? document;
        try
        {
            document = Deserializer.Deserialize<RuleFileDocument>(yaml);
        }
        catch (YamlException e)
        {
            throw new RuleFileException(file, [$"line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}"]);
        }

        var errors = new List<string>();
        var groups = new List<RuleGroupDefinition>();
        var groupNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (group, groupIndex) in (document?.Groups ?? []).Select((g, i) => (g, i)))
        {
            var where = $"group {groupIndex + 1}";
            if (string.IsNullOrWhiteSpace(group.Name))
            {
                errors.Add($"{where}: the group has no name; add name: to it.");
                continue;
            }

            where = $"group \"{group.Name}\"";
            if (!groupNames.Add(group.Name))
            {
                errors.Add($"{where}: the group name is used twice in this file; rename one.");
            }

            TimeSpan? interval = null;
            if (group.Interval is not null)
            {
                if (!PrometheusDuration.TryParse(group.Interval, out var parsed) || parsed <= TimeSpan.Zero)
                {
                    errors.Add($"{where}: interval \"{group.Interval}\" is not a positive duration such as 30s or 1m.");
                }
                else
                {
                    interval = parsed;
                }
            }

            if (group.Limit < 0)
            {
                errors.Add($"{where}: limit {group.Limit} is negative; use 0 for no limit.");
            }

            var rules = new List<RuleDefinition>();
            foreach (var (rule, ruleIndex) in (group.Rules ?? []).Select((r, i) => (r, i)))
            {
                var parsedRule = ParseRule(rule, $"{where}, rule {ruleIndex + 1}", errors);
                if (parsedRule is not null)
                {
                    rules.Add(parsedRule);
                }
            }

            groups.Add(new RuleGroupDefinition
            {
                Name = group.Name,
                File = file,
                Interval = interval,
                Limit = group.Limit ?? 0,
                Rules = rules,
            });
        }

        if (errors.Count > 0)
        {
            throw new RuleFileException(file, errors);
        }

        return groups;
    }

    /// <summary>Writes groups as a rule file that Prometheus and <c>promtool check rules</c> accept.</summary>
    public static string Serialize(IEnumerable<RuleGroupDefinition> groups)
    {
        var document = new RuleFileDocument
        {
            Groups = groups.Select(g => new RuleGroupDocument
            {
                Name = g.Name,
                Interval = g.Interval is { } interval ? PrometheusDuration.Format(interval) : null,
                Limit = g.Limit == 0 ? null : g.Limit,
                Rules = g.Rules.Select(r => new RuleDocument
                {
                    Record = r.Record,
                    Alert = r.Alert,
                    Expr = r.Expression,
                    For = r.For > TimeSpan.Zero ? PrometheusDuration.Format(r.For) : null,
                    KeepFiringFor = r.KeepFiringFor > TimeSpan.Zero ? PrometheusDuration.Format(r.KeepFiringFor) : null,
                    Labels = r.Labels.Count > 0 ? new Dictionary<string, string>(r.Labels) : null,
                    Annotations = r.Annotations.Count > 0 ? new Dictionary<string, string>(r.Annotations) : null,
                }).ToList(),
            }).ToList(),
        };
        return Serializer.Serialize(document);
    }

    private static RuleDefinition? ParseRule(RuleDocument rule, string where, List<string> errors)
    {
        var count = errors.Count;
        if (rule.Record is null == (rule.Alert is null))
        {
            errors.Add($"{where}: a rule needs exactly one of record: and alert:.");
            return null;
        }

        var kind = rule.Record is not null ? RuleKind.Recording : RuleKind.Alerting;
        var name = rule.Record ?? rule.Alert!;
        where = $"{where} (\"{name}\")";
        if (kind == RuleKind.Recording && !LabelText.IsLegacyMetricName(name))
        {
            errors.Add($"{where}: \"{name}\" is not a valid metric name; use letters, digits, _ and :.");
        }

        if (kind == RuleKind.Alerting && string.IsNullOrWhiteSpace(name))
        {
            errors.Add($"{where}: the alert name is empty.");
        }

        if (string.IsNullOrWhiteSpace(rule.Expr))
        {
            errors.Add($"{where}: expr is missing or empty.");
        }

        var forDuration = ParseRuleDuration(rule.For, "for", kind, where, errors);
        var keepFiringFor = ParseRuleDuration(rule.KeepFiringFor, "keep_firing_for", kind, where, errors);
        if (kind == RuleKind.Recording && rule.Annotations is { Count: > 0 })
        {
            errors.Add($"{where}: annotations apply to alerting rules only; remove them from the recording rule.");
        }

        foreach (var (labelName, labelValue) in rule.Labels ?? [])
        {
            if (!LabelText.IsLegacyLabelName(labelName) || labelName.StartsWith("__", StringComparison.Ordinal))
            {
                errors.Add($"{where}: \"{labelName}\" is not a valid label name; use letters, digits and _ and do not start with __.");
            }

            CheckTemplate(labelValue, $"{where}, label {labelName}", errors);
        }

        foreach (var (annotationName, annotationValue) in rule.Annotations ?? [])
        {
            if (!LabelText.IsLegacyLabelName(annotationName))
            {
                errors.Add($"{where}: \"{annotationName}\" is not a valid annotation name; use letters, digits and _.");
            }

            CheckTemplate(annotationValue, $"{where}, annotation {annotationName}", errors);
        }

        if (errors.Count > count)
        {
            return null;
        }

        return new RuleDefinition
        {
            Kind = kind,
            Name = name,
            Expression = rule.Expr!.Trim(),
            For = forDuration,
            KeepFiringFor = keepFiringFor,
            Labels = rule.Labels ?? [],
            Annotations = rule.Annotations ?? [],
        };
    }

    private static TimeSpan ParseRuleDuration(string? text, string field, RuleKind kind, string where, List<string> errors)
    {
        if (text is null)
        {
            return TimeSpan.Zero;
        }

        if (kind == RuleKind.Recording)
        {
            errors.Add($"{where}: {field} applies to alerting rules only; remove it from the recording rule.");
            return TimeSpan.Zero;
        }

        if (!PrometheusDuration.TryParse(text, out var value))
        {
            errors.Add($"{where}: {field} \"{text}\" is not a duration such as 5m or 1h30m.");
        }

        return value;
    }

    private static void CheckTemplate(string text, string where, List<string> errors)
    {
        try
        {
            RuleTemplate.Parse(text);
        }
        catch (TemplateException e)
        {
            errors.Add($"{where}: {e.Message}");
        }
    }
}
