using System.Globalization;
using InferScope.PromQL;

namespace InferScope.Analysis.Comparison;

/// <summary>
/// The bucket edges a comparison reads one histogram at. A cumulative bucket count is exact only
/// at an edge the source histogram has, so when the two sides (or layouts within a side) have
/// different edges, both sides are read at the edges every layout shares. Fewer than
/// <see cref="MinimumFiniteEdges"/> shared finite edges leave too little to interpolate a
/// percentile, and the percentile is not compared.
/// </summary>
/// <param name="Bounds">The shared upper bounds in ascending order, +Inf last; empty without data.</param>
/// <param name="HasData">Whether either side returned buckets.</param>
/// <param name="Comparable">Whether percentiles can be read at <see cref="Bounds"/>.</param>
/// <param name="Note">Why the edges differ from a side's own, or why percentiles are not compared; null when the layouts match.</param>
public sealed record BucketEdges(IReadOnlyList<double> Bounds, bool HasData, bool Comparable, string? Note)
{
    public const int MinimumFiniteEdges = 2;

    /// <summary>Returns the edges that every bucket layout of both sides has, and a note when the layouts differ.</summary>
    public static BucketEdges Shared(string histogram, string nameA, QueryResult a, string nameB, QueryResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var layoutsA = Layouts(a);
        var layoutsB = Layouts(b);
        var all = layoutsA.Concat(layoutsB).ToList();
        if (all.Count == 0)
        {
            return new BucketEdges([], false, false, null);
        }

        var shared = new SortedSet<double>(all[0]);
        foreach (var edges in all.Skip(1))
        {
            shared.IntersectWith(edges);
        }

        var bounds = shared.ToList();
        var finite = bounds.Count(double.IsFinite);
        var comparable = finite >= MinimumFiniteEdges && bounds.Count > 0 && double.IsPositiveInfinity(bounds[^1]);
        var differ = all.Skip(1).Any(edges => !edges.SetEquals(all[0]));
        if (!comparable)
        {
            return new BucketEdges(bounds, true, false, string.Create(
                CultureInfo.InvariantCulture,
                $"{histogram} percentiles are not compared: {Describe(nameA, layoutsA)} and {Describe(nameB, layoutsB)} share {finite} finite bucket edge(s) ({List(bounds)}), and a percentile needs at least {MinimumFiniteEdges} to interpolate. Compare {histogram} per side with its own buckets instead."));
        }

        var note = differ
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"{histogram} bucket edges differ ({Describe(nameA, layoutsA)}, {Describe(nameB, layoutsB)}), so both sides are read at the {finite} finite edges they share ({List(bounds)}); percentiles are coarser than either side's own.")
            : null;
        return new BucketEdges(bounds, true, true, note);
    }

    /// <summary>Returns the distinct edge sets in a <c>sum by (bucket_layout, le)</c> result.</summary>
    private static List<HashSet<double>> Layouts(QueryResult result)
    {
        var byLayout = new Dictionary<string, HashSet<double>>(StringComparer.Ordinal);
        foreach (var series in result.Series)
        {
            var bound = Comparator.ParseBound(series.Labels.Get("le"));
            if (double.IsNaN(bound) || series.Points.Count == 0)
            {
                continue;
            }

            var layout = series.Labels.Get(LlmLabels.BucketLayout) ?? string.Empty;
            if (!byLayout.TryGetValue(layout, out var edges))
            {
                edges = [];
                byLayout[layout] = edges;
            }

            edges.Add(bound);
        }

        var distinct = new List<HashSet<double>>();
        foreach (var edges in byLayout.Values)
        {
            if (!distinct.Any(d => d.SetEquals(edges)))
            {
                distinct.Add(edges);
            }
        }

        return distinct;
    }

    private static string Describe(string name, List<HashSet<double>> layouts) => layouts.Count switch
    {
        0 => $"{name} has no buckets",
        1 => string.Create(CultureInfo.InvariantCulture, $"{name} has {layouts[0].Count(double.IsFinite)} finite edges"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{name} has {layouts.Count} layouts of {string.Join(" and ", layouts.Select(l => l.Count(double.IsFinite)))} finite edges"),
    };

    private static string List(IReadOnlyList<double> bounds) =>
        string.Join(", ", bounds.Select(b => double.IsPositiveInfinity(b) ? "+Inf" : b.ToString("0.####", CultureInfo.InvariantCulture)));
}
