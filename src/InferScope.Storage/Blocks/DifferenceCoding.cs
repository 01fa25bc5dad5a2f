using System.Globalization;
using InferScope.Model;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Blocks;

/// <summary>
/// Re-encodes the chunks of classic histogram series against a neighbour in the same block when
/// that is smaller: each <c>_bucket</c> series against the bucket with the next higher bound, and
/// each <c>_count</c> series against its <c>le="+Inf"</c> bucket. A bucket then stores the count
/// of one range, as native histograms do, and a count that equals the +Inf bucket stores almost
/// nothing. Chains run down from the +Inf bucket, so reading a request count or the +Inf bucket
/// decodes at most one other chunk, and they restart every <see cref="MaxChainLength"/> buckets,
/// so that one bucket of a long histogram never needs more than that many decoded.
/// </summary>
internal static class DifferenceCoding
{
    /// <summary>The most buckets one chain of bases links; the block reader accepts chains up to 64 deep.</summary>
    public const int MaxChainLength = 32;

    private const string BucketSuffix = "_bucket";
    private const string CountSuffix = "_count";

    /// <summary>Returns the series with difference chunks wherever they are smaller; values stay bit for bit.</summary>
    public static IReadOnlyList<BlockSeries> Apply(IReadOnlyList<BlockSeries> series)
    {
        var bases = FindBases(series);
        var decoded = new DecodedChunkCache();
        var result = new BlockSeries[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var baseId = bases[i];
            if (baseId < 0 || series[baseId].Chunks.Count != series[i].Chunks.Count)
            {
                result[i] = series[i];
                continue;
            }

            var chunks = new List<ChunkSnapshot>(series[i].Chunks.Count);
            for (var j = 0; j < series[i].Chunks.Count; j++)
            {
                var own = series[i].Chunks[j];
                if (own.Encoding == ChunkEncoding.FloatHistogram || series[baseId].Chunks[j].Encoding == ChunkEncoding.FloatHistogram)
                {
                    // A native histogram chunk has no float values to take differences of, so it is neither coded nor a base.
                    chunks.Add(own);
                    continue;
                }

                var samples = Decode(series, decoded, i, j);
                var baseSamples = Decode(series, decoded, baseId, j);
                var bytes = DifferenceChunkWriter.TryEncode(samples.Timestamps, samples.Values, baseSamples, baseId, j);
                chunks.Add(bytes is not null && bytes.Length < own.Data.Length
                    ? new ChunkSnapshot(bytes, own.Count, own.MinTime, own.MaxTime, ChunkEncoding.PackedDifference)
                    : own);
            }

            result[i] = series[i] with { Chunks = chunks };
        }

        return result;
    }

    /// <summary>Returns, per series, the index of the series it may be coded against, or -1.</summary>
    internal static int[] FindBases(IReadOnlyList<BlockSeries> series)
    {
        var bases = new int[series.Count];
        Array.Fill(bases, -1);
        var byLabels = new Dictionary<Labels, int>(series.Count);
        var histograms = new Dictionary<Labels, List<(double Bound, int Id)>>();
        for (var i = 0; i < series.Count; i++)
        {
            var labels = series[i].Labels;
            byLabels[labels] = i;
            if (labels.MetricName.EndsWith(BucketSuffix, StringComparison.Ordinal) && labels.Get(LabelNames.BucketBound) is { } le && TryParseBound(le, out var bound))
            {
                var key = labels.Without(LabelNames.BucketBound);
                if (!histograms.TryGetValue(key, out var buckets))
                {
                    buckets = [];
                    histograms.Add(key, buckets);
                }

                buckets.Add((bound, i));
            }
        }

        foreach (var buckets in histograms.Values)
        {
            buckets.Sort(static (a, b) => b.Bound.CompareTo(a.Bound));
            for (var k = 1; k < buckets.Count; k++)
            {
                // Two spellings of one bound (1 and 1.0) would make a zero-width range; code them apart.
                if (k % MaxChainLength != 0 && buckets[k].Bound < buckets[k - 1].Bound)
                {
                    bases[buckets[k].Id] = buckets[k - 1].Id;
                }
            }
        }

        for (var i = 0; i < series.Count; i++)
        {
            var labels = series[i].Labels;
            var name = labels.MetricName;
            if (name.EndsWith(CountSuffix, StringComparison.Ordinal) && !labels.Has(LabelNames.BucketBound))
            {
                var family = name[..^CountSuffix.Length];
                var infinity = labels.ToBuilder().Set(LabelNames.MetricName, family + BucketSuffix).Set(LabelNames.BucketBound, "+Inf").Build();
                if (byLabels.TryGetValue(infinity, out var id))
                {
                    bases[i] = id;
                }
            }
        }

        return bases;
    }

    private static DecodedChunk Decode(IReadOnlyList<BlockSeries> series, DecodedChunkCache decoded, int id, int chunkIndex)
    {
        if (decoded.TryGet((0, id, chunkIndex), out var samples))
        {
            return samples;
        }

        samples = DecodedChunk.From(series[id].Chunks[chunkIndex]);
        decoded.Add((0, id, chunkIndex), samples);
        return samples;
    }

    private static bool TryParseBound(string text, out double bound) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out bound) || TryParseInfinity(text, out bound);

    private static bool TryParseInfinity(string text, out double bound)
    {
        bound = double.PositiveInfinity;
        return text is "+Inf" or "Inf";
    }
}
