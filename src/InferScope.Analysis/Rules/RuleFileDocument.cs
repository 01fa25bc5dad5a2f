namespace InferScope.Analysis.Rules;

// The YAML shape of a Prometheus rule file, bound by YamlDotNet with snake_case names.
internal sealed class RuleFileDocument
{
    public List<RuleGroupDocument>? Groups { get; set; }
}

internal sealed class RuleGroupDocument
{
    public string? Name { get; set; }

    public string? Interval { get; set; }

    public int? Limit { get; set; }

    public List<RuleDocument>? Rules { get; set; }
}

internal sealed class RuleDocument
{
    public string? Record { get; set; }

    public string? Alert { get; set; }

    public string? Expr { get; set; }

    public string? For { get; set; }

    public string? KeepFiringFor { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }
}
