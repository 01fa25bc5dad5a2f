namespace InferScope.Storage;

/// <summary>One metric's share of the blocks: series, samples and the bytes of its chunks (index not included).</summary>
public sealed record MetricDiskStatistics(string MetricName, long Series, long Samples, long ChunkBytes)
{
    public double BytesPerSample => Samples == 0 ? 0 : (double)ChunkBytes / Samples;
}
