using System.Globalization;
using InferScope.PromQL;

namespace InferScope.Analysis.Comparison;

/// <summary>
/// Compares two configurations through <see cref="IQueryEngine"/> range queries: per-interval
/// bucket increases, output token rates and instance counts, then bootstrap intervals over the
/// intervals (<see cref="Bootstrap"/>). Histograms with different bucket layouts are compared
/// only on the bucket edges every layout of both sides has (<see cref="BucketEdges"/>).
/// </summary>
public sealed class Comparator(IQueryEngine engine)
{
    public async Task<ComparisonReport> CompareAsync(ComparisonRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Window < 2 * request.Step)
        {
            throw new ArgumentException(
                $"The window {PrometheusDuration.Format(request.Window)} must hold at least two steps of {PrometheusDuration.Format(request.Step)}.", nameof(request));
        }

        var a = await QueryAsync(request, request.A, cancellationToken).ConfigureAwait(false);
        var b = await QueryAsync(request, request.B, cancellationToken).ConfigureAwait(false);
        var ttftEdges = BucketEdges.Shared("TTFT", request.A.Name, a.Ttft, request.B.Name, b.Ttft);
        var itlEdges = BucketEdges.Shared("ITL", request.A.Name, a.Itl, request.B.Name, b.Itl);
        var notes = new[] { ttftEdges.Note, itlEdges.Note }.OfType<string>().ToList();
        return new ComparisonReport(
            request,
            Figures(request, request.A, a, ttftEdges, itlEdges),
            Figures(request, request.B, b, ttftEdges, itlEdges))
        {
            Notes = notes,
        };
    }

    private async Task<SideResults> QueryAsync(ComparisonRequest request, ComparisonSubject subject, CancellationToken cancellationToken)
    {
        var step = PrometheusDuration.Format(request.Step);
        var m = "{" + subject.Matchers + "}";
        var instances = $"count(group by (instance) ({LlmMetrics.RequestsRunning}{m}))";
        var queries = new[]
        {
            $"sum by ({LlmLabels.BucketLayout}, le) (increase({LlmMetrics.Bucket(LlmMetrics.TimeToFirstToken)}{m}[{step}]))",
            $"sum by ({LlmLabels.BucketLayout}, le) (increase({LlmMetrics.Bucket(LlmMetrics.InterTokenLatency)}{m}[{step}]))",
            $"sum(rate({LlmMetrics.GenerationTokens}{m}[{step}]))",
            instances,
        };
        var start = request.At - request.Window + request.Step;
        var results = new List<QueryResult>();
        foreach (var query in queries)
        {
            results.Add(await engine.RangeQueryAsync(query, start, request.At, request.Step, cancellationToken).ConfigureAwait(false));
        }

        return new SideResults(queries, results[0], results[1], ValuesByTime(results[2]), ValuesByTime(results[3]));
    }

    private static ConfigurationFigures Figures(
        ComparisonRequest request, ComparisonSubject subject, SideResults side, BucketEdges ttftEdges, BucketEdges itlEdges)
    {
        var ttft = BucketsByTime(side.Ttft, ttftEdges.Bounds);
        var itl = BucketsByTime(side.Itl, itlEdges.Bounds);
        var generated = side.Generated;
        var instanceCounts = side.Instances;
        var intervals = new List<Interval>();
        foreach (var (time, ttftCounts) in ttft)
        {
            if (!instanceCounts.TryGetValue(time, out var count) || count <= 0 || ttftCounts[^1] <= 0)
            {
                continue;
            }

            itl.TryGetValue(time, out var itlCounts);
            intervals.Add(new Interval(ttftCounts, itlCounts, generated.GetValueOrDefault(time), count));
        }

        var seconds = request.Step.TotalSeconds;
        var slo = request.Slo;
        var ttftBounds = ttftEdges.Bounds;
        var itlBounds = itlEdges.Bounds;
        double Goodput(IReadOnlyList<Interval> sample)
        {
            var ttftTotal = Sum(sample, i => i.Ttft, ttftBounds.Count);
            var itlTotal = Sum(sample, i => i.Itl, itlBounds.Count);
            var requests = ttftTotal[^1];
            var ttftShare = FractionBelow(slo.TimeToFirstTokenSeconds, ttftBounds, ttftTotal);
            var itlShare = itlTotal[^1] > 0 ? FractionBelow(slo.InterTokenLatencySeconds, itlBounds, itlTotal) : 1;
            var instanceSeconds = sample.Sum(i => i.Instances) * seconds;
            return requests * Math.Max(0, ttftShare + itlShare - 1) / instanceSeconds;
        }

        // Goodput reads the share of requests under each objective from the buckets, so it needs
        // comparable TTFT buckets, and comparable ITL buckets where either side reports ITL.
        var goodput = ttftEdges.Comparable && (itlEdges.Comparable || !itlEdges.HasData)
            ? Bootstrap.Run(intervals, Goodput)
            : Estimate.Missing;
        var instancesNeeded = request.LoadRequestsPerSecond is { } load && goodput.IsKnown && goodput.Value > 0
            ? new Estimate(
                Math.Ceiling(load / goodput.Value),
                Math.Ceiling(load / goodput.Upper),
                goodput.Lower > 0 ? Math.Ceiling(load / goodput.Lower) : double.PositiveInfinity)
            : Estimate.Missing;

        return new ConfigurationFigures
        {
            Name = subject.Name,
            TtftP50 = Percentile(0.5, intervals, i => i.Ttft, ttftEdges),
            TtftP99 = Percentile(0.99, intervals, i => i.Ttft, ttftEdges),
            ItlP50 = Percentile(0.5, intervals, i => i.Itl, itlEdges),
            ItlP99 = Percentile(0.99, intervals, i => i.Itl, itlEdges),
            OutputTokensPerSecondPerInstance = Bootstrap.Run(intervals, s => s.Sum(i => i.Generated) / s.Sum(i => i.Instances)),
            GoodputPerInstance = goodput,
            InstancesNeeded = instancesNeeded,
            Intervals = intervals.Count,
            Queries = side.Queries,
        };
    }

    private static Estimate Percentile(double q, List<Interval> intervals, Func<Interval, double[]?> select, BucketEdges edges)
    {
        if (!edges.Comparable)
        {
            return Estimate.Missing;
        }

        var estimate = Bootstrap.Run(intervals, s => HistogramMath.Quantile(q, edges.Bounds, Sum(s, select, edges.Bounds.Count)));
        return estimate with { Bound = HistogramMath.BoundOf(q, edges.Bounds, Sum(intervals, select, edges.Bounds.Count)) };
    }

    /// <summary>Returns the share of observations at or below <paramref name="threshold"/>, interpolating inside its bucket.</summary>
    internal static double FractionBelow(double threshold, IReadOnlyList<double> bounds, IReadOnlyList<double> cumulative)
    {
        var total = cumulative[^1];
        if (total <= 0)
        {
            return double.NaN;
        }

        for (var i = 0; i < bounds.Count; i++)
        {
            if (threshold <= bounds[i])
            {
                var lower = i == 0 ? 0 : bounds[i - 1];
                var below = i == 0 ? 0 : cumulative[i - 1];
                if (double.IsPositiveInfinity(bounds[i]))
                {
                    return below / total;
                }

                var part = (threshold - lower) / (bounds[i] - lower);
                return (below + ((cumulative[i] - below) * part)) / total;
            }
        }

        return 1;
    }

    private static double[] Sum(IReadOnlyList<Interval> sample, Func<Interval, double[]?> select, int length)
    {
        var total = new double[Math.Max(length, 1)];
        foreach (var interval in sample)
        {
            var counts = select(interval);
            if (counts is null)
            {
                continue;
            }

            for (var i = 0; i < counts.Length && i < total.Length; i++)
            {
                total[i] += counts[i];
            }
        }

        return total;
    }

    /// <summary>
    /// Returns each interval's cumulative counts at <paramref name="bounds"/>, summed over bucket
    /// layouts. Buckets at other edges are left out: a cumulative count at an edge every layout has
    /// is exact for each layout, so the sums stay cumulative.
    /// </summary>
    private static Dictionary<long, double[]> BucketsByTime(QueryResult result, IReadOnlyList<double> bounds)
    {
        var buckets = new Dictionary<long, double[]>();
        foreach (var series in result.Series)
        {
            var index = IndexOf(bounds, ParseBound(series.Labels.Get("le")));
            if (index < 0)
            {
                continue;
            }

            foreach (var point in series.Points)
            {
                if (!buckets.TryGetValue(point.TimestampMs, out var counts))
                {
                    counts = new double[bounds.Count];
                    buckets[point.TimestampMs] = counts;
                }

                counts[index] += point.Value;
            }
        }

        return buckets;
    }

    private static int IndexOf(IReadOnlyList<double> bounds, double bound)
    {
        for (var i = 0; i < bounds.Count; i++)
        {
            if (bounds[i].Equals(bound))
            {
                return i;
            }
        }

        return -1;
    }

    private static Dictionary<long, double> ValuesByTime(QueryResult result) =>
        result.Series.SelectMany(s => s.Points).GroupBy(p => p.TimestampMs).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

    internal static double ParseBound(string? text) => text switch
    {
        null => double.NaN,
        "+Inf" => double.PositiveInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN,
    };

    private sealed record Interval(double[] Ttft, double[]? Itl, double Generated, double Instances);

    private sealed record SideResults(
        IReadOnlyList<string> Queries, QueryResult Ttft, QueryResult Itl, Dictionary<long, double> Generated, Dictionary<long, double> Instances);
}
