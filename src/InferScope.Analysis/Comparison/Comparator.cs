using System.Globalization;
using InferScope.PromQL;

namespace InferScope.Analysis.Comparison;

/// <summary>
/// Compares two configurations through <see cref="IQueryEngine"/> range queries: per-interval
/// bucket increases, output token rates and instance counts, then bootstrap intervals over the
/// intervals (<see cref="Bootstrap"/>).
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

        var a = await FiguresAsync(request, request.A, cancellationToken).ConfigureAwait(false);
        var b = await FiguresAsync(request, request.B, cancellationToken).ConfigureAwait(false);
        return new ComparisonReport(request, a, b);
    }

    private async Task<ConfigurationFigures> FiguresAsync(ComparisonRequest request, ComparisonSubject subject, CancellationToken cancellationToken)
    {
        var step = PrometheusDuration.Format(request.Step);
        var m = "{" + subject.Matchers + "}";
        var instances = $"count(group by (instance) ({LlmMetrics.RequestsRunning}{m}))";
        var queries = new[]
        {
            $"sum by (le) (increase({LlmMetrics.Bucket(LlmMetrics.TimeToFirstToken)}{m}[{step}]))",
            $"sum by (le) (increase({LlmMetrics.Bucket(LlmMetrics.InterTokenLatency)}{m}[{step}]))",
            $"sum(rate({LlmMetrics.GenerationTokens}{m}[{step}]))",
            instances,
        };
        var start = request.At - request.Window + request.Step;
        var results = new List<QueryResult>();
        foreach (var query in queries)
        {
            results.Add(await engine.RangeQueryAsync(query, start, request.At, request.Step, cancellationToken).ConfigureAwait(false));
        }

        var ttft = BucketsByTime(results[0]);
        var itl = BucketsByTime(results[1]);
        var generated = ValuesByTime(results[2]);
        var instanceCounts = ValuesByTime(results[3]);
        var intervals = new List<Interval>();
        foreach (var (time, ttftCounts) in ttft.Buckets)
        {
            if (!instanceCounts.TryGetValue(time, out var count) || count <= 0 || ttftCounts[^1] <= 0)
            {
                continue;
            }

            itl.Buckets.TryGetValue(time, out var itlCounts);
            intervals.Add(new Interval(ttftCounts, itlCounts, generated.GetValueOrDefault(time), count));
        }

        var seconds = request.Step.TotalSeconds;
        var slo = request.Slo;
        double Goodput(IReadOnlyList<Interval> sample)
        {
            var ttftTotal = Sum(sample, i => i.Ttft, ttft.Bounds.Count);
            var itlTotal = Sum(sample, i => i.Itl, itl.Bounds.Count);
            var requests = ttftTotal[^1];
            var ttftShare = FractionBelow(slo.TimeToFirstTokenSeconds, ttft.Bounds, ttftTotal);
            var itlShare = itlTotal[^1] > 0 ? FractionBelow(slo.InterTokenLatencySeconds, itl.Bounds, itlTotal) : 1;
            var instanceSeconds = sample.Sum(i => i.Instances) * seconds;
            return requests * Math.Max(0, ttftShare + itlShare - 1) / instanceSeconds;
        }

        var goodput = Bootstrap.Run(intervals, Goodput);
        var instancesNeeded = request.LoadRequestsPerSecond is { } load && goodput.IsKnown && goodput.Value > 0
            ? new Estimate(
                Math.Ceiling(load / goodput.Value),
                Math.Ceiling(load / goodput.Upper),
                goodput.Lower > 0 ? Math.Ceiling(load / goodput.Lower) : double.PositiveInfinity)
            : Estimate.Missing;

        return new ConfigurationFigures
        {
            Name = subject.Name,
            TtftP50 = Bootstrap.Run(intervals, s => HistogramMath.Quantile(0.5, ttft.Bounds, Sum(s, i => i.Ttft, ttft.Bounds.Count))),
            TtftP99 = Bootstrap.Run(intervals, s => HistogramMath.Quantile(0.99, ttft.Bounds, Sum(s, i => i.Ttft, ttft.Bounds.Count))),
            ItlP50 = Bootstrap.Run(intervals, s => HistogramMath.Quantile(0.5, itl.Bounds, Sum(s, i => i.Itl, itl.Bounds.Count))),
            ItlP99 = Bootstrap.Run(intervals, s => HistogramMath.Quantile(0.99, itl.Bounds, Sum(s, i => i.Itl, itl.Bounds.Count))),
            OutputTokensPerSecondPerInstance = Bootstrap.Run(intervals, s => s.Sum(i => i.Generated) / s.Sum(i => i.Instances)),
            GoodputPerInstance = goodput,
            InstancesNeeded = instancesNeeded,
            Intervals = intervals.Count,
            Queries = queries,
        };
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

    private static (List<double> Bounds, Dictionary<long, double[]> Buckets) BucketsByTime(QueryResult result)
    {
        var series = result.Series
            .Select(s => (Bound: ParseBound(s.Labels.Get("le")), s.Points))
            .Where(s => !double.IsNaN(s.Bound))
            .OrderBy(s => s.Bound)
            .ToList();
        var bounds = series.Select(s => s.Bound).ToList();
        var buckets = new Dictionary<long, double[]>();
        for (var b = 0; b < series.Count; b++)
        {
            foreach (var point in series[b].Points)
            {
                if (!buckets.TryGetValue(point.TimestampMs, out var counts))
                {
                    counts = new double[series.Count];
                    buckets[point.TimestampMs] = counts;
                }

                counts[b] = point.Value;
            }
        }

        return (bounds, buckets);
    }

    private static Dictionary<long, double> ValuesByTime(QueryResult result) =>
        result.Series.SelectMany(s => s.Points).GroupBy(p => p.TimestampMs).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

    private static double ParseBound(string? text) => text switch
    {
        null => double.NaN,
        "+Inf" => double.PositiveInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN,
    };

    private sealed record Interval(double[] Ttft, double[]? Itl, double Generated, double Instances);
}
