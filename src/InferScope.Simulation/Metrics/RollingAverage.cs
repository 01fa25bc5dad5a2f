namespace InferScope.Simulation.Metrics;

/// <summary>
/// DJL's request-metric aggregation: values are averaged over batches of <c>metrics_aggregation</c>
/// requests, and the gauge shows the last full batch's average (the running one until the first batch completes).
/// </summary>
internal sealed class RollingAverage(int batchSize)
{
    private double sum;
    private int count;
    private double published = double.NaN;

    public void Add(double value)
    {
        sum += value;
        count++;
        if (count == batchSize)
        {
            published = sum / count;
            sum = 0;
            count = 0;
        }
    }

    public bool HasValue => !double.IsNaN(published) || count > 0;

    public double Value => double.IsNaN(published) ? (count == 0 ? 0 : sum / count) : published;
}
