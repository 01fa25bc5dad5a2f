using InferScope.Model;
using InferScope.Model.Histograms;

namespace InferScope.PromQL.Engine;

/// <summary>
/// The samples of one series over a time range, as a range selector or subquery reads them.
/// Where <see cref="Histograms"/> contains a histogram, that sample is a histogram and its float value is unused.
/// </summary>
internal sealed class RawSeries(Labels labels, long[] timestamps, double[] values, int count, bool dropName = false, FloatHistogram?[]? histograms = null)
{
    public Labels Labels { get; } = labels;

    public long[] Timestamps { get; } = timestamps;

    public double[] Values { get; } = values;

    public int Count { get; } = count;

    public bool DropName { get; } = dropName;

    public FloatHistogram?[]? Histograms { get; } = histograms;

    public FloatHistogram? HistogramAt(int index) => Histograms?[index];
}
