using System.Globalization;
using InferScope.Engines.Adapters;
using InferScope.Engines.Catalog;
using InferScope.Exposition;
using InferScope.Model;

namespace InferScope.Engines.Mapping;

/// <summary>
/// One normalization of one payload by one adapter. Not thread-safe: each call of
/// <see cref="EngineAdapter.Normalize"/> creates its own run.
/// </summary>
internal sealed class NormalizationRun
{
    private static readonly Comparison<Label> ByName = static (a, b) => string.CompareOrdinal(a.Name, b.Name);

    private readonly EngineAdapter adapter;
    private readonly ScrapePayload payload;
    private readonly Dictionary<string, MetricFamily> unified = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Labels>> seriesByFamily = new(StringComparer.Ordinal);
    private readonly List<MetricFamily> unifiedOrder = [];
    private readonly List<string> deprecatedNames = [];
    private readonly HashSet<string> deprecatedSeen = new(StringComparer.Ordinal);
    private readonly List<string> problems = [];
    private readonly List<HistogramLayout> layouts = [];
    private readonly HashSet<(string Metric, string Id)> layoutSeen = [];
    private readonly List<Label> scratch = new(16);

    public NormalizationRun(EngineAdapter adapter, ScrapePayload payload)
    {
        this.adapter = adapter;
        this.payload = payload;
    }

    public NormalizationResult Run()
    {
        var matches = new List<(MetricFamily Family, MappingRule Rule, string BaseName)>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in payload.Families)
        {
            if (adapter.Rules.TryFind(family.Name, out var rules, out var baseName))
            {
                present.Add(baseName);
                foreach (var rule in rules)
                {
                    matches.Add((family, rule, baseName));
                }
            }

            NoteDeprecation(family);
        }

        foreach (var (family, rule, baseName) in matches)
        {
            if (rule.ReplacedBy is not null
                && adapter.Rules.SupersededBy(baseName) is { } replacement
                && present.Contains(replacement))
            {
                continue;
            }

            Apply(family, rule);
        }

        return new NormalizationResult(adapter.Kind, unifiedOrder, deprecatedNames, problems)
        {
            BucketLayouts = layouts,
            Missing = MissingCoreMetrics(),
        };
    }

    private void NoteDeprecation(MetricFamily family)
    {
        var name = family.Name;
        if (name.EndsWith("_created", StringComparison.Ordinal))
        {
            name = name[..^"_created".Length];
        }

        var deprecated = adapter.Rules.DeprecationNoteOf(name) is not null
            || family.Help.Contains("DEPRECATED", StringComparison.Ordinal);
        if (!deprecated)
        {
            return;
        }

        if (name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name[..^"_total".Length];
        }

        if (deprecatedSeen.Add(name))
        {
            deprecatedNames.Add(name);
        }
    }

    private void Apply(MetricFamily family, MappingRule rule)
    {
        var histogramSource = family.Type is MetricType.Histogram or MetricType.GaugeHistogram;
        switch (rule.Kind)
        {
            case RuleKind.Copy when rule.Target.Type == MetricType.Histogram:
                if (!histogramSource)
                {
                    Problem($"{family.Name} is a {TypeName(family.Type)}, but {rule.Target.Name} needs a histogram; the family was not mapped.");
                    return;
                }

                CopyHistogram(family, rule);
                return;
            case RuleKind.HistogramSum:
                if (!histogramSource)
                {
                    Problem($"{family.Name} is a {TypeName(family.Type)}, but {rule.Target.Name} is read from a histogram sum; the family was not mapped.");
                    return;
                }

                CopyHistogramSums(family, rule);
                return;
            default:
                if (histogramSource || family.Type == MetricType.Summary)
                {
                    Problem($"{family.Name} is a {TypeName(family.Type)}, but {rule.Target.Name} needs a single value per series; the family was not mapped.");
                    return;
                }

                if (rule.SourceType is { } expected && family.Type != MetricType.Unknown && family.Type != expected
                    && !(expected == MetricType.Gauge && family.Type == MetricType.Info))
                {
                    Problem($"{family.Name} is declared {TypeName(family.Type)} where {TypeName(expected)} was expected; mapped to {rule.Target.Name} anyway.");
                }

                CopyScalars(family, rule);
                return;
        }
    }

    private void CopyScalars(MetricFamily family, MappingRule rule)
    {
        var sampleName = rule.Target.Name;
        var familyIsCreated = family.Name.EndsWith("_created", StringComparison.Ordinal);
        foreach (var point in family.Points)
        {
            if (!familyIsCreated && point.Labels.MetricName.EndsWith("_created", StringComparison.Ordinal))
            {
                continue;
            }

            if (!Selected(point.Labels, rule))
            {
                continue;
            }

            var value = point.Value;
            if (rule.Kind == RuleKind.InfoLabel)
            {
                var text = point.Labels.Get(rule.ValueLabel!);
                if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    Problem($"{family.Name} has {rule.ValueLabel}=\"{text}\", which is not a number; {rule.Target.Name} was not set from it.");
                    continue;
                }
            }

            var key = BuildLabels(point.Labels, rule);
            if (Claim(rule.Target, key))
            {
                var labels = WithSeriesLabels(key, sampleName, le: null, layout: null);
                Add(rule.Target, new MetricPoint(labels, rule.Scale.Apply(value), point.TimestampMs, ScaleExemplar(point.Exemplar, rule)));
            }
        }
    }

    private void CopyHistogramSums(MetricFamily family, MappingRule rule)
    {
        foreach (var point in family.Points)
        {
            var name = point.Labels.MetricName;
            if (!name.EndsWith("_sum", StringComparison.Ordinal) && !name.EndsWith("_gsum", StringComparison.Ordinal))
            {
                continue;
            }

            if (!Selected(point.Labels, rule))
            {
                continue;
            }

            var key = BuildLabels(point.Labels, rule);
            if (Claim(rule.Target, key))
            {
                var labels = WithSeriesLabels(key, rule.Target.Name, le: null, layout: null);
                Add(rule.Target, new MetricPoint(labels, rule.Scale.Apply(point.Value), point.TimestampMs));
            }
        }
    }

    private void CopyHistogram(MetricFamily family, MappingRule rule)
    {
        var series = new Dictionary<Labels, HistogramSeries>(LabelsContentComparer.Instance);
        var order = new List<HistogramSeries>();
        Labels? previousSource = null;
        HistogramSeries? previous = null;
        foreach (var point in family.Points)
        {
            var part = PartOf(point.Labels.MetricName);
            if (part == HistogramPart.Other || !Selected(point.Labels, rule))
            {
                continue;
            }

            var bound = double.NaN;
            if (part == HistogramPart.Bucket)
            {
                var le = point.Labels.Get(LabelNames.BucketBound);
                if (le is null || !LabelValues.TryParseBound(le, out bound))
                {
                    Problem($"{family.Name} has a bucket with le=\"{le}\", which is not a number; the bucket was skipped.");
                    continue;
                }

                bound = rule.Scale.Apply(bound);
            }

            // The samples of one series usually follow each other, so most need no label rebuild.
            HistogramSeries? entry;
            if (previous is not null && SameSeries(previousSource!, point.Labels))
            {
                entry = previous;
            }
            else
            {
                var key = BuildLabels(point.Labels, rule);
                if (!series.TryGetValue(key, out entry))
                {
                    entry = new HistogramSeries(key);
                    series.Add(key, entry);
                    order.Add(entry);
                }
            }

            entry.Points.Add((part, bound, point));
            (previousSource, previous) = (point.Labels, entry);
        }

        foreach (var entry in order)
        {
            EmitHistogramSeries(family, rule, entry);
        }
    }

    private void EmitHistogramSeries(MetricFamily family, MappingRule rule, HistogramSeries entry)
    {
        var finite = new List<double>(entry.Points.Count);
        var hasInfinity = false;
        var hasBuckets = false;
        foreach (var (part, bound, _) in entry.Points)
        {
            if (part != HistogramPart.Bucket)
            {
                continue;
            }

            hasBuckets = true;
            if (double.IsPositiveInfinity(bound))
            {
                hasInfinity = true;
            }
            else
            {
                finite.Add(bound);
            }
        }

        SortDistinct(finite);
        var id = HistogramLayout.Fingerprint(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(finite));
        if (hasBuckets && !hasInfinity)
        {
            Problem($"{family.Name}{FormatSeries(entry.Key)} has no +Inf bucket, so its count of observations above {LabelValues.FormatBound(finite[^1])} is unknown.");
        }

        if (hasBuckets && layoutSeen.Add((rule.Target.Name, id)))
        {
            layouts.Add(new HistogramLayout(rule.Target.Name, id, finite.ToArray(), adapter.Kind, family.Name));
        }

        if (!Claim(rule.Target, entry.Key))
        {
            return;
        }

        var metric = rule.Target;
        foreach (var (part, bound, point) in entry.Points)
        {
            var (name, le, value) = part switch
            {
                HistogramPart.Bucket => (metric.BucketSampleName, LabelValues.FormatBound(bound), point.Value),
                HistogramPart.Sum => (metric.SumSampleName, null, rule.Scale.Apply(point.Value)),
                _ => (metric.CountSampleName, (string?)null, point.Value),
            };

            var labels = WithSeriesLabels(entry.Key, name, le, hasBuckets ? id : null);
            Add(metric, new MetricPoint(labels, value, point.TimestampMs, ScaleExemplar(point.Exemplar, rule)));
        }
    }

    // Sorts and removes repeated bounds in place, in O(n log n) even for TGI's 1024-bucket histograms.
    private static void SortDistinct(List<double> values)
    {
        values.Sort();
        var kept = 0;
        for (var i = 0; i < values.Count; i++)
        {
            if (kept == 0 || values[i] != values[kept - 1])
            {
                values[kept++] = values[i];
            }
        }

        values.RemoveRange(kept, values.Count - kept);
    }

    private static HistogramPart PartOf(string sampleName)
    {
        if (sampleName.EndsWith("_bucket", StringComparison.Ordinal))
        {
            return HistogramPart.Bucket;
        }

        if (sampleName.EndsWith("_sum", StringComparison.Ordinal) || sampleName.EndsWith("_gsum", StringComparison.Ordinal))
        {
            return HistogramPart.Sum;
        }

        if (sampleName.EndsWith("_count", StringComparison.Ordinal) || sampleName.EndsWith("_gcount", StringComparison.Ordinal))
        {
            return HistogramPart.Count;
        }

        return HistogramPart.Other;
    }

    private static bool Selected(Labels labels, MappingRule rule) =>
        rule.SelectLabel is null || string.Equals(labels.Get(rule.SelectLabel), rule.SelectValue, StringComparison.Ordinal);

    /// <summary>
    /// Builds the unified series labels of a source sample without the metric name: renamed source
    /// labels and the rule's and the adapter's constant labels. <c>le</c> is never copied.
    /// </summary>
    private Labels BuildLabels(Labels source, MappingRule rule)
    {
        scratch.Clear();
        foreach (var label in source)
        {
            var name = label.Name;
            if (name == LabelNames.MetricName || name == LabelNames.BucketBound || name == rule.SelectLabel || label.Value.Length == 0)
            {
                continue;
            }

            if (rule.Kind == RuleKind.InfoLabel && !adapter.IdentityLabels.Contains(name))
            {
                continue;
            }

            if (rule.LabelRenames.TryGetValue(name, out var ruleRename))
            {
                name = ruleRename;
            }
            else if (adapter.LabelRenames.TryGetValue(name, out var adapterRename))
            {
                if (adapterRename is null)
                {
                    continue;
                }

                name = adapterRename;
            }

            Set(new Label(name, label.Value));
        }

        foreach (var label in rule.ExtraLabels)
        {
            Set(label);
        }

        foreach (var label in adapter.ConstantLabels)
        {
            Set(label);
        }

        var items = scratch.ToArray();
        Array.Sort(items, ByName);
        return Labels.FromSortedUnchecked(items);
    }

    /// <summary>
    /// Adds the metric name, and for buckets <c>le</c> and <c>bucket_layout</c>, to sorted series
    /// labels. The added names sort as <c>__name__</c> &lt; <c>bucket_layout</c> &lt; <c>le</c>, so
    /// one merge pass keeps the result sorted.
    /// </summary>
    private static Labels WithSeriesLabels(Labels key, string sampleName, string? le, string? layout)
    {
        var source = key.AsSpan();
        var items = new Label[source.Length + 1 + (layout is null ? 0 : 1) + (le is null ? 0 : 1)];
        int i = 0, k = 0;
        while (i < source.Length && string.CompareOrdinal(source[i].Name, LabelNames.MetricName) < 0)
        {
            items[k++] = source[i++];
        }

        items[k++] = new Label(LabelNames.MetricName, sampleName);
        if (layout is not null)
        {
            while (i < source.Length && string.CompareOrdinal(source[i].Name, UnifiedLabels.BucketLayout) < 0)
            {
                items[k++] = source[i++];
            }

            items[k++] = new Label(UnifiedLabels.BucketLayout, layout);
        }

        if (le is not null)
        {
            while (i < source.Length && string.CompareOrdinal(source[i].Name, LabelNames.BucketBound) < 0)
            {
                items[k++] = source[i++];
            }

            items[k++] = new Label(LabelNames.BucketBound, le);
        }

        while (i < source.Length)
        {
            items[k++] = source[i++];
        }

        return Labels.FromSortedUnchecked(items);
    }

    /// <summary>
    /// True when two source label sets differ at most in <c>__name__</c> and <c>le</c>, so they
    /// belong to the same histogram series.
    /// </summary>
    private static bool SameSeries(Labels previous, Labels current)
    {
        var a = previous.AsSpan();
        var b = current.AsSpan();
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && IsSampleLabel(a[i].Name))
            {
                i++;
            }

            while (j < b.Length && IsSampleLabel(b[j].Name))
            {
                j++;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if (!string.Equals(a[i].Name, b[j].Name, StringComparison.Ordinal)
                || !string.Equals(a[i].Value, b[j].Value, StringComparison.Ordinal))
            {
                return false;
            }

            i++;
            j++;
        }
    }

    private static bool IsSampleLabel(string name) => name is LabelNames.MetricName or LabelNames.BucketBound;

    private void Set(Label label)
    {
        for (var i = 0; i < scratch.Count; i++)
        {
            if (scratch[i].Name == label.Name)
            {
                scratch[i] = label;
                return;
            }
        }

        scratch.Add(label);
    }

    private static Exemplar? ScaleExemplar(Exemplar? exemplar, MappingRule rule) =>
        exemplar is null || rule.Scale.IsIdentity ? exemplar : exemplar with { Value = rule.Scale.Apply(exemplar.Value) };

    /// <summary>
    /// Registers a unified series. Two sources that map to the same series (an engine exporting
    /// both an old and a new layout, or ranks distinguished only by a dropped label) would give
    /// storage a duplicate, so the second is reported and skipped.
    /// </summary>
    private bool Claim(UnifiedMetric metric, Labels seriesLabels)
    {
        if (!unified.ContainsKey(metric.Name))
        {
            var unit = metric.FamilyName.EndsWith("_" + metric.Unit, StringComparison.Ordinal) ? metric.Unit : "";
            var family = new MetricFamily(metric.FamilyName, metric.Type, metric.Meaning, unit);
            unified.Add(metric.Name, family);
            unifiedOrder.Add(family);
            seriesByFamily.Add(metric.Name, new HashSet<Labels>(LabelsContentComparer.Instance));
        }

        if (seriesByFamily[metric.Name].Add(seriesLabels))
        {
            return true;
        }

        Problem($"Two source series map to {metric.Name}{seriesLabels}; the first was kept.");
        return false;
    }

    private void Add(UnifiedMetric metric, MetricPoint point) => unified[metric.Name].Points.Add(point);

    private IReadOnlyList<MissingMetric> MissingCoreMetrics()
    {
        var missing = new List<MissingMetric>();
        var scope = adapter.Kind switch
        {
            EngineKind.Dcgm => LabelScope.Gpu,
            EngineKind.NodeExporter => LabelScope.Host,
            _ => LabelScope.Engine,
        };
        foreach (var metric in UnifiedCatalog.CoreMetrics)
        {
            if (metric.Scope != scope || unified.ContainsKey(metric.Name))
            {
                continue;
            }

            var reason = CapabilityMatrix.Get(adapter.Kind, metric.Name) is Capability.Missing or Capability.Legacy
                ? MissingReason.NotProvidedByEngine
                : MissingReason.AbsentFromPayload;
            missing.Add(new MissingMetric(metric.Name, reason));
        }

        return missing;
    }

    private void Problem(string message)
    {
        // A payload with thousands of broken series would otherwise produce as many messages.
        if (problems.Count < MaxProblems)
        {
            problems.Add(message);
        }
        else if (problems.Count == MaxProblems)
        {
            problems.Add($"More than {MaxProblems} problems; the rest were not listed.");
        }
    }

    private const int MaxProblems = 50;

    private static string TypeName(MetricType type) => type == MetricType.Unknown ? "untyped family" : type.ToString().ToLowerInvariant();

    private static string FormatSeries(Labels labels) => labels.Count == 0 ? "" : labels.ToString();

    private enum HistogramPart
    {
        Bucket,
        Sum,
        Count,
        Other,
    }

    private sealed class HistogramSeries(Labels key)
    {
        public Labels Key { get; } = key;

        public List<(HistogramPart Part, double Bound, MetricPoint Point)> Points { get; } = [];
    }
}
