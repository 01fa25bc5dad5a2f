using InferScope.Ingestion.Scraping;

namespace InferScope.Ingestion.Discovery;

/// <summary>Compares instances by value, extra labels included.</summary>
internal sealed class ScrapeInstanceComparer : IEqualityComparer<ScrapeInstance>
{
    public static ScrapeInstanceComparer Instance { get; } = new();

    public bool Equals(ScrapeInstance? x, ScrapeInstance? y)
    {
        if (x is null || y is null)
        {
            return ReferenceEquals(x, y);
        }

        return x with { ExtraLabels = y.ExtraLabels } == y
            && x.ExtraLabels.Count == y.ExtraLabels.Count
            && x.ExtraLabels.All(p => y.ExtraLabels.TryGetValue(p.Key, out var v) && v == p.Value);
    }

    public int GetHashCode(ScrapeInstance obj) => obj.Address.GetHashCode(StringComparison.Ordinal);
}
