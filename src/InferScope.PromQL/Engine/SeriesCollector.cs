using InferScope.Model;

namespace InferScope.PromQL.Engine;

/// <summary>
/// Gathers output samples by label set, step by step, so that a result series spans every step
/// where it appears. Two samples for one label set at one step are the error Prometheus reports.
/// </summary>
internal sealed class SeriesCollector(int steps)
{
    private readonly Dictionary<Labels, StepSeries> byLabels = [];
    private readonly List<StepSeries> ordered = [];

    public List<StepSeries> Series => ordered;

    public void Add(Labels labels, bool dropName, int step, double value)
    {
        if (!byLabels.TryGetValue(labels, out var series))
        {
            series = new StepSeries(labels, steps, dropName);
            byLabels.Add(labels, series);
            ordered.Add(series);
        }
        else if (series.Present[step])
        {
            throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
        }

        series.Set(step, value);
    }

    /// <summary>Adds a histogram sample; a second sample for one label set at one step is an error.</summary>
    public void AddHistogram(Labels labels, bool dropName, int step, Model.Histograms.FloatHistogram histogram)
    {
        var series = GetOrAdd(labels, dropName);
        if (series.Present[step])
        {
            throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
        }

        series.SetHistogram(step, histogram);
    }

    public StepSeries GetOrAdd(Labels labels, bool dropName)
    {
        if (!byLabels.TryGetValue(labels, out var series))
        {
            series = new StepSeries(labels, steps, dropName);
            byLabels.Add(labels, series);
            ordered.Add(series);
        }

        return series;
    }
}
