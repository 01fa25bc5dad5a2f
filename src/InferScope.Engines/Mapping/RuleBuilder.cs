using InferScope.Model;

namespace InferScope.Engines.Mapping;

/// <summary>Refines one <see cref="MappingRule"/> while an adapter defines it.</summary>
internal sealed class RuleBuilder
{
    public RuleBuilder(MappingRule rule)
    {
        Rule = rule;
    }

    public MappingRule Rule { get; }

    /// <summary>Converts values (and histogram bounds and sums) with the given scale.</summary>
    public RuleBuilder Scale(UnitScale scale)
    {
        Rule.Scale = scale;
        return this;
    }

    /// <summary>Maps only the samples whose label has the given value, and drops that label.</summary>
    public RuleBuilder Where(string label, string value)
    {
        Rule.SelectLabel = label;
        Rule.SelectValue = value;
        return this;
    }

    /// <summary>Renames a source label for this rule only.</summary>
    public RuleBuilder Rename(string from, string to)
    {
        var renames = new Dictionary<string, string>(Rule.LabelRenames, StringComparer.Ordinal) { [from] = to };
        Rule.LabelRenames = renames;
        return this;
    }

    /// <summary>Adds a constant label to every unified sample of this rule.</summary>
    public RuleBuilder With(string label, string value)
    {
        Rule.ExtraLabels = [.. Rule.ExtraLabels, new Label(label, value)];
        return this;
    }

    /// <summary>
    /// Marks the source name as deprecated with no direct successor. It is still mapped, and
    /// payloads that use it get it reported.
    /// </summary>
    public RuleBuilder Deprecated(string note)
    {
        Rule.DeprecationNote = note;
        return this;
    }

    /// <summary>
    /// Marks the source name as deprecated in favor of another source name (no prefix) that carries
    /// the same data: when a payload has both, only the replacement is mapped.
    /// </summary>
    public RuleBuilder ReplacedBy(string replacement)
    {
        Rule.ReplacedBy = replacement;
        return this;
    }
}
