using InferScope.Analysis.Rules;
using InferScope.PromQL.Syntax;
using InferScope.Server.Configuration;

namespace InferScope.Server.Rules;

/// <summary>
/// Reads the configuration's <c>rule_files</c> and parses every rule's expression with the PromQL
/// parser, as <c>promtool check rules</c> does, so a rule that can never evaluate rejects the
/// configuration at load instead of failing at every evaluation.
/// </summary>
public static class RuleFileLoader
{
    /// <summary>Returns the groups of every rule file, after checking each rule's expression.</summary>
    /// <exception cref="ConfigException">A file is missing, unreadable or invalid, or an expression does not parse; the message lists every problem.</exception>
    public static IReadOnlyList<RuleGroupDefinition> Load(InferScopeConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var groups = new List<RuleGroupDefinition>();
        var errors = new List<ConfigError>();
        foreach (var file in RuleManagerBridge.ExpandGlobs(config.RuleFiles))
        {
            IReadOnlyList<RuleGroupDefinition> parsed;
            try
            {
                parsed = RuleFileParser.ParseFile(file);
            }
            catch (RuleFileException e)
            {
                errors.Add(new ConfigError("rule_files", 0, 0, e.Message));
                continue;
            }

            var expressionErrors = CheckExpressions(parsed);
            if (expressionErrors.Count > 0)
            {
                errors.Add(new ConfigError("rule_files", 0, 0, new RuleFileException(file, expressionErrors).Message));
                continue;
            }

            groups.AddRange(parsed);
        }

        return errors.Count == 0 ? groups : throw new ConfigException(config.SourcePath, errors);
    }

    private static List<string> CheckExpressions(IReadOnlyList<RuleGroupDefinition> groups)
    {
        var errors = new List<string>();
        foreach (var group in groups)
        {
            foreach (var rule in group.Rules)
            {
                try
                {
                    Parser.Parse(rule.Expression);
                }
                catch (ParseException e)
                {
                    var kind = rule.Kind == RuleKind.Alerting ? "alert" : "record";
                    errors.Add($"group \"{group.Name}\", {kind} \"{rule.Name}\": expr {e.Message}; fix the expression, `promtool check rules` shows the same error.");
                }
            }
        }

        return errors;
    }
}
