namespace InferScope.PromQL.Engine;

/// <summary>
/// A range vector argument over a frame: the series' samples and, per step, the right edge of the
/// window, which covers (edge − range, edge].
/// </summary>
internal sealed class RangeInput(List<RawSeries> series, long rangeMs, long[] windowEnds, long offsetMs)
{
    public List<RawSeries> Series { get; } = series;

    public long RangeMs { get; } = rangeMs;

    public long[] WindowEnds { get; } = windowEnds;

    public long OffsetMs { get; } = offsetMs;

    /// <summary>The samples of each series inside the window of one step.</summary>
    public List<RawSeries> WindowAt(int step)
    {
        var end = WindowEnds[step];
        var start = end - RangeMs;
        var result = new List<RawSeries>();
        foreach (var s in Series)
        {
            var lo = 0;
            while (lo < s.Count && s.Timestamps[lo] <= start)
            {
                lo++;
            }

            var hi = lo;
            while (hi < s.Count && s.Timestamps[hi] <= end)
            {
                hi++;
            }

            if (hi > lo)
            {
                result.Add(new RawSeries(s.Labels, s.Timestamps[lo..hi], s.Values[lo..hi], hi - lo, s.DropName, s.Histograms?[lo..hi]));
            }
        }

        return result;
    }
}
