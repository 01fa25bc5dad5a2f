using System.Collections.Frozen;

namespace InferScope.Engines.Mapping;

/// <summary>
/// The mapping rules of one adapter, indexed by every accepted spelling of each source name
/// (each prefix, with and without the counter suffix <c>_total</c>) so a lookup is one dictionary probe.
/// </summary>
public sealed class RuleSet
{
    private readonly FrozenDictionary<string, MappingRule[]> byName;
    private readonly FrozenDictionary<string, string> deprecated;
    private readonly FrozenDictionary<string, string> replacements;

    internal RuleSet(
        IReadOnlyList<MappingRule> rules,
        Dictionary<string, MappingRule[]> byName,
        Dictionary<string, string> deprecated,
        Dictionary<string, string> replacements)
    {
        Rules = rules;
        this.byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        this.deprecated = deprecated.ToFrozenDictionary(StringComparer.Ordinal);
        this.replacements = replacements.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every rule, in definition order.</summary>
    public IReadOnlyList<MappingRule> Rules { get; }

    /// <summary>Deprecated source names as exposed (prefix included, no <c>_total</c>), with a note on their replacement.</summary>
    public IReadOnlyDictionary<string, string> Deprecated => deprecated;

    /// <summary>Finds the rules of a source family by its exposed name (prefix included).</summary>
    public bool TryFind(string familyName, out MappingRule[] rules, out string baseName)
    {
        if (byName.TryGetValue(familyName, out rules!))
        {
            baseName = familyName;
            return true;
        }

        if (familyName.EndsWith("_total", StringComparison.Ordinal))
        {
            var stripped = familyName[..^"_total".Length];
            if (byName.TryGetValue(stripped, out rules!))
            {
                baseName = stripped;
                return true;
            }
        }

        baseName = familyName;
        rules = [];
        return false;
    }

    /// <summary>
    /// Returns the source name (as exposed, without <c>_total</c>) that supersedes a looked-up name,
    /// or null. When a payload has both, only the newer one is mapped.
    /// </summary>
    public string? SupersededBy(string baseName) => replacements.GetValueOrDefault(baseName);

    /// <summary>Returns the deprecation note of an exposed name, or null when the name is current.</summary>
    public string? DeprecationNoteOf(string familyName)
    {
        if (deprecated.TryGetValue(familyName, out var replacement))
        {
            return replacement;
        }

        if (familyName.EndsWith("_total", StringComparison.Ordinal)
            && deprecated.TryGetValue(familyName[..^"_total".Length], out replacement))
        {
            return replacement;
        }

        return null;
    }
}
