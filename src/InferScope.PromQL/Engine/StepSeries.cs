using InferScope.Model;
using InferScope.Model.Histograms;

namespace InferScope.PromQL.Engine;

/// <summary>
/// One series of an instant vector evaluated over every step of a frame: a value per step and
/// whether the series has a sample at that step. A step may hold a native histogram instead of a
/// float; <see cref="Histograms"/> is allocated only once one does. <see cref="DropName"/> marks a
/// metric name that is removed when the evaluation ends.
/// </summary>
internal sealed class StepSeries
{
    public StepSeries(Labels labels, int steps, bool dropName = false)
    {
        Labels = labels;
        Values = new double[steps];
        Present = new bool[steps];
        DropName = dropName;
    }

    public Labels Labels { get; set; }

    public double[] Values { get; }

    public bool[] Present { get; }

    /// <summary>The histogram at each step, or null where the step is a float. The array is null until a step is a histogram.</summary>
    public FloatHistogram?[]? Histograms { get; private set; }

    public bool DropName { get; set; }

    public void Set(int step, double value)
    {
        Values[step] = value;
        Present[step] = true;
        if (Histograms is not null)
        {
            Histograms[step] = null;
        }
    }

    public void SetHistogram(int step, FloatHistogram histogram)
    {
        Histograms ??= new FloatHistogram?[Values.Length];
        Histograms[step] = histogram;
        Values[step] = double.NaN;
        Present[step] = true;
    }

    /// <summary>Copies the sample of <paramref name="source"/> at a step, float or histogram.</summary>
    public void CopyFrom(int step, StepSeries source)
    {
        var histogram = source.HistogramAt(step);
        if (histogram is null)
        {
            Set(step, source.Values[step]);
        }
        else
        {
            SetHistogram(step, histogram);
        }
    }

    public FloatHistogram? HistogramAt(int step) => Histograms?[step];

    /// <summary>Reports whether the step has a float sample.</summary>
    public bool HasFloat(int step) => Present[step] && (Histograms is null || Histograms[step] is null);

    public bool IsEmpty => Array.IndexOf(Present, true) < 0;
}
