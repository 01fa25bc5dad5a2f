using InferScope.Storage.Blocks;

namespace InferScope.Storage.Chunks;

/// <summary>
/// The block chunks most recently decoded by one reader, in arrays that are reused rather than
/// allocated per chunk. A query reads the buckets of a histogram one after another, and each
/// bucket's chunk is coded against the next bucket's, so the chains decoded for the first bucket
/// read serve the others. Blocks never change, so an entry, keyed by block reader, series and
/// chunk number, stays right for as long as it is kept. Readers rent a ring for one series and
/// return it; the pool keeps a few, so their arrays outlive single reads.
/// </summary>
/// <remarks>
/// Samples returned by <see cref="TryGet"/> or <see cref="Decode"/> stay valid only until the next
/// call on the same ring, which may reuse their arrays. Callers copy them out at once.
/// </remarks>
internal sealed class DecodedChunkRing
{
    /// <summary>
    /// Enough for the chains of one histogram across every chunk of a day of two-hour blocks with
    /// room to spare: eight buckets in 12 blocks take 96 slots.
    /// </summary>
    public const int Capacity = 8 * DifferenceCoding.MaxChainLength;

    /// <summary>Rings kept for reuse, one per place; a ring returned when every place is taken is left to the collector.</summary>
    private static readonly DecodedChunkRing?[] Pool = new DecodedChunkRing?[2 * Environment.ProcessorCount];

    private readonly Dictionary<(int Block, int Series, int Chunk), int> slotOf = new(Capacity);
    private readonly (int Block, int Series, int Chunk)?[] keys = new (int, int, int)?[Capacity];
    private readonly long[][] timestamps = new long[Capacity][];
    private readonly double[][] values = new double[Capacity][];
    private readonly int[] counts = new int[Capacity];
    private int next;

    private DecodedChunkRing()
    {
        for (var i = 0; i < Capacity; i++)
        {
            timestamps[i] = [];
            values[i] = [];
        }
    }

    /// <summary>Takes a ring from the pool, or a new one when the pool is empty.</summary>
    public static DecodedChunkRing Rent()
    {
        // Each thread starts looking at its own place, so that it usually gets back the ring it returned.
        var start = Environment.CurrentManagedThreadId % Pool.Length;
        for (var i = 0; i < Pool.Length; i++)
        {
            var place = (start + i) % Pool.Length;
            if (Volatile.Read(ref Pool[place]) is not null && Interlocked.Exchange(ref Pool[place], null) is { } ring)
            {
                return ring;
            }
        }

        return new DecodedChunkRing();
    }

    /// <summary>Gives a ring back for the next reader; the caller must not use it or the samples it returned any more.</summary>
    public static void Return(DecodedChunkRing ring)
    {
        var start = Environment.CurrentManagedThreadId % Pool.Length;
        for (var i = 0; i < Pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref Pool[(start + i) % Pool.Length], ring, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>Returns the samples of a block chunk that this ring decoded earlier.</summary>
    public bool TryGet(scoped in ChunkSnapshot chunk, out ReadOnlySpan<long> chunkTimestamps, out ReadOnlySpan<double> chunkValues)
    {
        if (chunk.Cache is not null && slotOf.TryGetValue(chunk.CacheKey, out var slot))
        {
            chunkTimestamps = timestamps[slot].AsSpan(0, counts[slot]);
            chunkValues = values[slot].AsSpan(0, counts[slot]);
            return true;
        }

        chunkTimestamps = default;
        chunkValues = default;
        return false;
    }

    /// <summary>
    /// Returns every sample of a float chunk, decoding it and the chain of bases under it where
    /// they are not kept yet. Chunks outside blocks are decoded into a slot and not kept.
    /// </summary>
    /// <exception cref="InvalidDataException">The chunk or one of its bases is damaged.</exception>
    public void Decode(scoped in ChunkSnapshot chunk, out ReadOnlySpan<long> chunkTimestamps, out ReadOnlySpan<double> chunkValues)
    {
        if (TryGet(chunk, out chunkTimestamps, out chunkValues))
        {
            return;
        }

        ReadOnlySpan<long> baseTimestamps = default;
        ReadOnlySpan<double> baseValues = default;
        var baseSlot = -1;
        if (chunk.Encoding == ChunkEncoding.PackedDifference)
        {
            if (chunk.Base is null)
            {
                throw new InvalidDataException("A difference chunk was read without its base chunk; the block is damaged.");
            }

            // The base is decoded first, and the slot claimed next must not be the one that contains it.
            var baseChunk = chunk.Base.Chunk;
            Decode(baseChunk, out baseTimestamps, out baseValues);
            baseSlot = baseChunk.Cache is null ? -1 : slotOf.GetValueOrDefault(baseChunk.CacheKey, -1);
        }

        var slot = Claim(baseSlot);
        var count = chunk.Count;
        if (timestamps[slot].Length < count)
        {
            timestamps[slot] = new long[count];
            values[slot] = new double[count];
        }

        var slotTimestamps = timestamps[slot].AsSpan(0, count);
        var slotValues = values[slot].AsSpan(0, count);
        if (chunk.Encoding == ChunkEncoding.PackedDifference)
        {
            DifferenceChunkReader.DecodeAll(chunk, baseTimestamps, baseValues, slotTimestamps, slotValues);
        }
        else
        {
            DecodedChunk.DecodeInto(chunk, slotTimestamps, slotValues);
        }

        counts[slot] = count;
        if (chunk.Cache is not null)
        {
            keys[slot] = chunk.CacheKey;
            slotOf[chunk.CacheKey] = slot;
        }

        chunkTimestamps = slotTimestamps;
        chunkValues = slotValues;
    }

    /// <summary>Claims the oldest slot other than <paramref name="keep"/> and drops the chunk it contained.</summary>
    private int Claim(int keep)
    {
        var slot = next == keep ? (next + 1) % Capacity : next;
        next = (slot + 1) % Capacity;
        if (keys[slot] is { } old)
        {
            slotOf.Remove(old);
            keys[slot] = null;
        }

        return slot;
    }
}
