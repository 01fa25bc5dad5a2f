using System.Collections.Concurrent;
using InferScope.Model;

namespace InferScope.Server.Metadata;

/// <summary>
/// The metric metadata learned from ingestion, deduplicated across targets, for
/// <c>/api/v1/metadata</c>. Thread-safe.
/// </summary>
public sealed class MetadataCatalog
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<MetricMetadata, byte>> families = new(StringComparer.Ordinal);

    public void Update(string metricFamilyName, MetricMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metricFamilyName);
        ArgumentNullException.ThrowIfNull(metadata);
        families.GetOrAdd(metricFamilyName, static _ => new ConcurrentDictionary<MetricMetadata, byte>()).TryAdd(metadata, 0);
    }

    /// <summary>Returns the families sorted by name, each with its distinct metadata.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<MetricMetadata>>> Snapshot() =>
        families
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, IReadOnlyList<MetricMetadata>>(
                p.Key,
                p.Value.Keys.OrderBy(m => m.Type).ThenBy(m => m.Help, StringComparer.Ordinal).ToList()))
            .ToList();
}
