using InferScope.Model;

namespace InferScope.PromQL.Engine;

/// <summary>
/// One series of an instant vector evaluated over every step of a frame: a value per step and
/// whether the series has a sample at that step. <see cref="DropName"/> marks a metric name that
/// is removed when the evaluation ends.
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

    public bool DropName { get; set; }

    public void Set(int step, double value)
    {
        Values[step] = value;
        Present[step] = true;
    }

    public bool IsEmpty => Array.IndexOf(Present, true) < 0;
}
