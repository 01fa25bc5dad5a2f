using InferScope.Simulation.Fleet;

namespace InferScope.Simulation.Virtual;

/// <summary>
/// The scrape times of a fleet's targets in virtual time. A target is scraped at every multiple
/// of its own interval (<see cref="ScrapeTarget.IntervalSeconds"/>), or of the default interval
/// when it has none, so targets with different intervals line up at their common multiples.
/// </summary>
public sealed class ScrapeSchedule
{
    private readonly IReadOnlyList<ScrapeTarget> targets;
    private readonly double[] intervals;
    private readonly long[] nextIndex;

    public ScrapeSchedule(IReadOnlyList<ScrapeTarget> targets, double defaultIntervalSeconds)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultIntervalSeconds);
        this.targets = targets;
        intervals = targets.Select(t => t.IntervalSeconds ?? defaultIntervalSeconds).ToArray();
        nextIndex = new long[targets.Count];
    }

    /// <summary>Moves every target's next scrape to its first scrape time at or after <paramref name="seconds"/>.</summary>
    public void SkipTo(double seconds)
    {
        for (var i = 0; i < nextIndex.Length; i++)
        {
            nextIndex[i] = Math.Max(nextIndex[i], (long)Math.Ceiling((seconds / intervals[i]) - 1e-9));
        }
    }

    /// <summary>
    /// Returns the next scrape time up to <paramref name="endSeconds"/> and fills <paramref name="due"/>
    /// with the targets scraped then, or returns null when none is due by then.
    /// </summary>
    public double? Next(double endSeconds, List<ScrapeTarget> due)
    {
        ArgumentNullException.ThrowIfNull(due);
        due.Clear();
        var time = double.PositiveInfinity;
        for (var i = 0; i < nextIndex.Length; i++)
        {
            time = Math.Min(time, nextIndex[i] * intervals[i]);
        }

        if (time > endSeconds + 1e-9)
        {
            return null;
        }

        for (var i = 0; i < nextIndex.Length; i++)
        {
            if (Math.Abs((nextIndex[i] * intervals[i]) - time) < 1e-6)
            {
                due.Add(targets[i]);
                nextIndex[i]++;
            }
        }

        return time;
    }
}
