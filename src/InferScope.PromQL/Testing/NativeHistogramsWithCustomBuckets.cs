using System.Globalization;
using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Testing;

/// <summary>
/// Converts classic histograms of a <c>load_with_nhcb</c> block into native histograms with custom
/// buckets: the series <c>X_bucket</c>, <c>X_count</c> and <c>X_sum</c> that share all other labels
/// become one series <c>X</c> without the <c>le</c> label.
/// </summary>
internal static class NativeHistogramsWithCustomBuckets
{
    public static List<(Labels Labels, List<ScriptValue?> Values)> Convert(Dictionary<Labels, List<ScriptValue?>> loaded)
    {
        var groups = new Dictionary<Labels, Group>();
        foreach (var (labels, values) in loaded)
        {
            var name = labels.MetricName;
            if (name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                var le = labels.Get(LabelNames.BucketBound);
                if (le is null || !TryParseBound(le, out var bound) || double.IsNaN(bound))
                {
                    continue;
                }

                var key = new LabelsBuilder(labels).Delete(LabelNames.BucketBound).Set(LabelNames.MetricName, name[..^"_bucket".Length]).Build();
                GroupOf(groups, key).Buckets.Add((bound, values));
            }
            else if (name.EndsWith("_count", StringComparison.Ordinal))
            {
                GroupOf(groups, Rename(labels, name[..^"_count".Length])).Count = values;
            }
            else if (name.EndsWith("_sum", StringComparison.Ordinal))
            {
                GroupOf(groups, Rename(labels, name[..^"_sum".Length])).Sum = values;
            }
        }

        var result = new List<(Labels, List<ScriptValue?>)>();
        foreach (var (labels, group) in groups)
        {
            if (group.Buckets.Count == 0)
            {
                continue;
            }

            var length = group.Buckets.Max(b => b.Values.Count);
            var values = new List<ScriptValue?>(length);
            for (var k = 0; k < length; k++)
            {
                values.Add(Build(labels, group, k));
            }

            result.Add((labels, values));
        }

        return result;
    }

    private static ScriptValue? Build(Labels labels, Group group, int k)
    {
        var cumulative = new SortedDictionary<double, double>();
        foreach (var (bound, values) in group.Buckets)
        {
            if (k >= values.Count || values[k] is not { Histogram: null } v || StaleMarker.IsStale(v.Value))
            {
                continue;
            }

            cumulative[bound] = v.Value;
        }

        if (cumulative.Count == 0)
        {
            return null;
        }

        var bounds = new List<double>();
        var buckets = new List<(int Index, double Count)>();
        var previous = 0.0;
        foreach (var (bound, count) in cumulative)
        {
            if (count < previous)
            {
                throw new FormatException($"the classic histogram {labels} has decreasing bucket counts at sample {k}; it cannot be converted to a native histogram");
            }

            if (!double.IsPositiveInfinity(bound))
            {
                bounds.Add(bound);
            }

            buckets.Add((buckets.Count, count - previous));
            previous = count;
        }

        var total = At(group.Count, k) ?? previous;
        if (cumulative.ContainsKey(double.PositiveInfinity) && At(group.Count, k) is { } stated && stated != previous)
        {
            throw new FormatException($"the classic histogram {labels} has a count of {stated.ToString(CultureInfo.InvariantCulture)} but its +Inf bucket counts {previous.ToString(CultureInfo.InvariantCulture)} at sample {k}");
        }

        var histogram = FloatHistogram.FromBuckets(
            FloatHistogram.CustomBucketsSchema,
            0,
            0,
            total,
            At(group.Sum, k) ?? 0,
            buckets,
            [],
            bounds);
        return new ScriptValue(0, histogram);
    }

    private static double? At(List<ScriptValue?>? values, int k) =>
        values is not null && k < values.Count && values[k] is { Histogram: null } v && !StaleMarker.IsStale(v.Value) ? v.Value : null;

    private static Labels Rename(Labels labels, string name) => new LabelsBuilder(labels).Set(LabelNames.MetricName, name).Build();

    private static Group GroupOf(Dictionary<Labels, Group> groups, Labels key)
    {
        if (!groups.TryGetValue(key, out var group))
        {
            group = new Group();
            groups.Add(key, group);
        }

        return group;
    }

    private static bool TryParseBound(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || NumberText.TryParse(text, out value);

    private sealed class Group
    {
        public List<(double Bound, List<ScriptValue?> Values)> Buckets { get; } = [];

        public List<ScriptValue?>? Count { get; set; }

        public List<ScriptValue?>? Sum { get; set; }
    }
}
