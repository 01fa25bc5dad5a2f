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

        if (name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name[..^"_total".Length];
        }

        var deprecated = adapter.Rules.DeprecationNoteOf(name) is not null
            || family.Help.Contains("DEPRECATED", StringComparison.Ordinal);
        if (deprecated && deprecatedSeen.Add(name))
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

            var labels = BuildLabels(point.Labels, rule, sampleName);
            Emit(rule.Target, new MetricPoint(labels, rule.Scale.Apply(value), point.TimestampMs, ScaleExemplar(point.Exemplar, rule)));
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

            var labels = BuildLabels(point.Labels, rule, rule.Target.Name);
            Emit(rule.Target, new MetricPoint(labels, rule.Scale.Apply(point.Value), point.TimestampMs));
        }
    }

    private void CopyHistogram(MetricFamily family, MappingRule rule)
    {
        var series = new Dictionary<Labels, HistogramSeries>();
        var order = new List<HistogramSeries>();
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

            var key = BuildLabels(point.Labels, rule, sampleName: null);
            if (!series.TryGetValue(key, out var entry))
            {
                entry = new HistogramSeries(key);
                series.Add(key, entry);
                order.Add(entry);
            }

            entry.Points.Add((part, bound, point));
        }

        foreach (var entry in order)
        {
            EmitHistogramSeries(family, rule, entry);
        }
    }

    private void EmitHistogramSeries(MetricFamily family, MappingRule rule, HistogramSeries entry)
    {
        var finite = new List<double>();
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
            else if (!finite.Contains(bound))
            {
                finite.Add(bound);
            }
        }

        finite.Sort();
        var id = HistogramLayout.Fingerprint(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(finite));
        if (hasBuckets && !hasInfinity)
        {
            Problem($"{family.Name}{FormatSeries(entry.Key)} has no +Inf bucket, so its count of observations above {LabelValues.FormatBound(finite[^1])} is unknown.");
        }

        if (hasBuckets && layoutSeen.Add((rule.Target.Name, id)))
        {
            layouts.Add(new HistogramLayout(rule.Target.Name, id, finite.ToArray(), adapter.Kind, family.Name));
        }

        var baseName = rule.Target.Name;
        foreach (var (part, bound, point) in entry.Points)
        {
            var (suffix, le, value) = part switch
            {
                HistogramPart.Bucket => ("_bucket", LabelValues.FormatBound(bound), point.Value),
                HistogramPart.Sum => ("_sum", null, rule.Scale.Apply(point.Value)),
                _ => ("_count", (string?)null, point.Value),
            };

            var labels = WithSeriesLabels(entry.Key, baseName + suffix, le, hasBuckets ? id : null);
            Emit(rule.Target, new MetricPoint(labels, value, point.TimestampMs, ScaleExemplar(point.Exemplar, rule)));
        }
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
    /// Builds the unified labels of a source sample: renamed source labels, the rule's and the
    /// adapter's constant labels, and the metric name when given. <c>le</c> is never copied.
    /// </summary>
    private Labels BuildLabels(Labels source, MappingRule rule, string? sampleName)
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

        if (sampleName is not null)
        {
            Set(new Label(LabelNames.MetricName, sampleName));
        }

        var items = scratch.ToArray();
        Array.Sort(items, ByName);
        return Labels.FromSortedUnchecked(items);
    }

    private static Labels WithSeriesLabels(Labels key, string sampleName, string? le, string? layout)
    {
        var extra = 1 + (le is null ? 0 : 1) + (layout is null ? 0 : 1);
        var items = new Label[key.Count + extra];
        var i = 0;
        foreach (var label in key)
        {
            items[i++] = label;
        }

        items[i++] = new Label(LabelNames.MetricName, sampleName);
        if (le is not null)
        {
            items[i++] = new Label(LabelNames.BucketBound, le);
        }

        if (layout is not null)
        {
            items[i] = new Label(UnifiedLabels.BucketLayout, layout);
        }

        Array.Sort(items, ByName);
        return Labels.FromSortedUnchecked(items);
    }

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

    private void Emit(UnifiedMetric metric, MetricPoint point)
    {
        if (!unified.TryGetValue(metric.Name, out var family))
        {
            var unit = metric.FamilyName.EndsWith("_" + metric.Unit, StringComparison.Ordinal) ? metric.Unit : "";
            family = new MetricFamily(metric.FamilyName, metric.Type, metric.Meaning, unit);
            unified.Add(metric.Name, family);
            unifiedOrder.Add(family);
            seriesByFamily.Add(metric.Name, []);
        }

        // Two sources that map to the same series (an engine exporting both an old and a new
        // layout, or ranks distinguished only by a dropped label) would give storage a duplicate.
        if (!seriesByFamily[metric.Name].Add(point.Labels))
        {
            Problem($"Two source samples map to the same series {point.Labels}; the first was kept.");
            return;
        }

        family.Points.Add(point);
    }

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
