using CsCheck;
using InferScope.Model;

namespace InferScope.Exposition.Tests;

/// <summary>CsCheck generators of metric families that are valid in a given exposition format.</summary>
internal static class FamilyGenerators
{
    private static string[] ExtraLabelNames { get; } = ["instance", "job", "model_name"];

    private static Gen<string> LabelValue { get; } = Gen.String[Gen.Char["abcxyz019 _-/\\\"\n{}#,=:.éß€中"], 1, 8];

    private static Gen<string> Help { get; } = Gen.String[Gen.Char["abc XYZ\\\"\n#{}é€"], 0, 16];

    private static Gen<double> AnyValue { get; } = Gen.OneOf(
        Gen.Double,
        Gen.Double[-1e6, 1e6],
        Gen.Int[-1000, 1000].Select(i => (double)i),
        Gen.Const<double>(double.NaN),
        Gen.Const<double>(double.PositiveInfinity),
        Gen.Const<double>(double.NegativeInfinity));

    private static Gen<double> NonNegative { get; } = Gen.OneOf(
        Gen.Double[0, 1e12],
        Gen.Int[0, 100000].Select(i => (double)i),
        Gen.Const<double>(double.PositiveInfinity));

    private static Gen<long?> Timestamp { get; } = Gen.OneOf(
        Gen.Const((long?)null),
        Gen.Long[-1_000_000_000_000, 10_000_000_000_000].Select(t => (long?)t));

    /// <summary>Generates families whose names, types and values are all valid in <paramref name="format"/>.</summary>
    public static Gen<List<MetricFamily>> Families(ExpositionFormat format)
    {
        var openMetrics = format == ExpositionFormat.OpenMetrics;
        MetricType[] types = openMetrics
            ? [MetricType.Counter, MetricType.Gauge, MetricType.Histogram, MetricType.GaugeHistogram, MetricType.Summary, MetricType.Info, MetricType.StateSet, MetricType.Unknown]
            : [MetricType.Counter, MetricType.Gauge, MetricType.Histogram, MetricType.Summary, MetricType.Unknown];
        var family =
            from type in Gen.OneOf(types)
            from suffix in Gen.String[Gen.Char["abcdefgh"], 1, 5]
            from unit in openMetrics ? Gen.OneOf(string.Empty, "seconds", "bytes") : Gen.Const<string>(string.Empty)
            from help in Help
            from timestamp in Timestamp
            from series in SeriesPoints(type, openMetrics).Array[1, 3]
            select (type, suffix, unit, help, timestamp, series);
        return family.Array[0, 6].Select(recipes => recipes.Select((recipe, index) => Build(index, recipe, openMetrics)).ToList());
    }

    private static MetricFamily Build(
        int index,
        (MetricType Type, string Suffix, string Unit, string Help, long? Timestamp, List<RawPoint>[] Series) recipe,
        bool openMetrics)
    {
        var unit = recipe.Type is MetricType.Info or MetricType.StateSet ? string.Empty : recipe.Unit;
        var name = $"f{index}_{recipe.Suffix}" + (unit.Length > 0 ? "_" + unit : string.Empty);

        // The 0.0.4 parser skips the blanks between the name and the help text, so the text cannot start with one.
        var help = openMetrics ? recipe.Help : recipe.Help.TrimStart(' ');
        var family = new MetricFamily(name, recipe.Type, help, unit);
        for (var s = 0; s < recipe.Series.Length; s++)
        {
            foreach (var raw in recipe.Series[s])
            {
                var labels = new LabelsBuilder().Set(LabelNames.MetricName, name + raw.Suffix).Set("series", s.ToString(System.Globalization.CultureInfo.InvariantCulture));
                foreach (var (labelName, labelValue) in raw.Labels)
                {
                    labels.Set(labelName == "$family" ? name : labelName, labelValue);
                }

                family.Points.Add(new MetricPoint(labels.Build(), raw.Value, recipe.Timestamp, raw.Exemplar));
            }
        }

        return family;
    }

    /// <summary>Generates the samples of one series (one label set) of a family of <paramref name="type"/>.</summary>
    private static Gen<List<RawPoint>> SeriesPoints(MetricType type, bool openMetrics) =>
        from extra in ExtraLabels
        from points in type switch
        {
            MetricType.Counter => CounterPoints(openMetrics),
            MetricType.Histogram => HistogramPoints("_count", "_sum", openMetrics),
            MetricType.GaugeHistogram => HistogramPoints("_gcount", "_gsum", openMetrics),
            MetricType.Summary => SummaryPoints(),
            MetricType.Info => Gen.Const<List<RawPoint>>(() => [new("_info", [], 1, null)]),
            MetricType.StateSet => StateSetPoints(),
            _ => AnyValue.Select(v => new List<RawPoint> { new(string.Empty, [], v, null) }),
        }
        select points.Select(p => p with { Labels = [.. extra, .. p.Labels] }).ToList();

    private static Gen<(string, string)[]> ExtraLabels =>
        Gen.Select(Gen.Bool.Array[ExtraLabelNames.Length], LabelValue.Array[ExtraLabelNames.Length], (include, values) =>
            ExtraLabelNames.Where((_, i) => include[i]).Select((labelName, i) => (labelName, values[i])).ToArray());

    private static Gen<Exemplar?> OptionalExemplar(bool openMetrics) =>
        openMetrics
            ? Gen.OneOf(
                Gen.Const((Exemplar?)null),
                Gen.Select(LabelValue, AnyValue, Timestamp, (traceId, value, timestamp) =>
                    (Exemplar?)new Exemplar(Labels.FromPairs("trace_id", traceId), value, timestamp)))
            : Gen.Const((Exemplar?)null);

    private static Gen<List<RawPoint>> CounterPoints(bool openMetrics) =>
        from value in NonNegative
        from exemplar in OptionalExemplar(openMetrics)
        from created in openMetrics ? Gen.Bool : Gen.Const<bool>(false)
        from createdValue in Gen.Double[0, 2e9]
        select created
            ? new List<RawPoint> { new("_total", [], value, exemplar), new("_created", [], createdValue, null) }
            : [new("_total", [], value, exemplar)];

    private static Gen<List<RawPoint>> HistogramPoints(string countSuffix, string sumSuffix, bool openMetrics) =>
        from bounds in Gen.Double[0.001, 1000].Array[0, 4]
        from increments in Gen.Int[0, 50].Array[5]
        from withSumAndCount in Gen.Bool
        from sum in Gen.Double[0, 1e6]
        from exemplar in OptionalExemplar(openMetrics)
        select HistogramSeries(bounds, increments, withSumAndCount, sum, exemplar, countSuffix, sumSuffix);

    private static List<RawPoint> HistogramSeries(
        double[] bounds, int[] increments, bool withSumAndCount, double sum, Exemplar? exemplar, string countSuffix, string sumSuffix)
    {
        var sorted = bounds.Distinct().Order().ToArray();
        var points = new List<RawPoint>();
        double cumulative = 0;
        for (var i = 0; i <= sorted.Length; i++)
        {
            cumulative += increments[i];
            var le = i < sorted.Length ? ExpositionFloat.ToString(sorted[i]) : "+Inf";
            points.Add(new RawPoint("_bucket", [("le", le)], cumulative, i == sorted.Length ? exemplar : null));
        }

        if (withSumAndCount)
        {
            points.Add(new RawPoint(countSuffix, [], cumulative, null));
            points.Add(new RawPoint(sumSuffix, [], sum, null));
        }

        return points;
    }

    private static Gen<List<RawPoint>> SummaryPoints() =>
        from quantiles in Gen.Double[0, 1].Array[0, 3]
        from values in Gen.OneOf(NonNegative, Gen.Const<double>(double.NaN)).Array[3]
        from count in Gen.Int[0, 100000]
        from sum in Gen.Double[0, 1e6]
        select quantiles.Distinct().Order()
            .Select((q, i) => new RawPoint(string.Empty, [("quantile", ExpositionFloat.ToString(q))], values[i], null))
            .Append(new RawPoint("_sum", [], sum, null))
            .Append(new RawPoint("_count", [], count, null))
            .ToList();

    private static Gen<List<RawPoint>> StateSetPoints() =>
        from states in Gen.Int[1, 3]
        from set in Gen.Bool.Array[3]
        select Enumerable.Range(0, states)
            .Select(i => new RawPoint(string.Empty, [("$family", $"state{i}")], set[i] ? 1 : 0, null))
            .ToList();

    /// <summary>A sample before its family name is known: the name suffix, labels, value and exemplar.</summary>
    internal sealed record RawPoint(string Suffix, (string Name, string Value)[] Labels, double Value, Exemplar? Exemplar);
}
