using InferScope.Model;
using InferScope.Model.Storage;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Querying;

/// <summary>A selected series whose chunks may come from several blocks and the head.</summary>
internal sealed class StoredSeries : ISeries
{
    private readonly ChunkSnapshot[] chunks;
    private readonly long minTime;
    private readonly long maxTime;

    public StoredSeries(Labels labels, ChunkSnapshot[] chunks, long minTime, long maxTime)
    {
        Labels = labels;
        this.chunks = chunks;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    public Labels Labels { get; }

    public ISampleIterator CreateIterator() => new ChunksIterator(chunks, minTime, maxTime);
}
