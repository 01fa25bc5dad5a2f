namespace InferScope.PromQL.Engine;

/// <summary>The evaluation times of one level of a query: <see cref="Steps"/> times from <see cref="Start"/> every <see cref="Interval"/> ms.</summary>
internal readonly record struct Frame(long Start, long Interval, int Steps)
{
    public long End => Start + ((Steps - 1) * Interval);

    public long Time(int step) => Start + (step * Interval);
}
