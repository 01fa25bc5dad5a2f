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
    /// <summary>The slots of a new ring: the chains of an eight-bucket histogram over a day of two-hour blocks take 96.</summary>
    public const int InitialCapacity = 128;

    /// <summary>
    /// The maximum number of slots. A ring grows rather than evict a chunk decoded for the histogram
    /// being read, which a histogram of many buckets over many chunks requires. Evicting it would
    /// make the next buckets decode their whole chains again, for every chunk.
    /// </summary>
    public const int MaxCapacity = 2048;

    /// <summary>
    /// Rings kept for reuse, one per place. A ring returned when every place is taken is left to the
    /// collector. At 2,048 slots of chunks of up to 1,024 samples, the pool keeps at most 8 times 32 MB.
    /// </summary>
    private static readonly DecodedChunkRing?[] Pool = new DecodedChunkRing?[Math.Min(2 * Environment.ProcessorCount, 8)];

    private static long decodes;

    private readonly Dictionary<(int Block, int Series, int Chunk), int> slotOf = new(InitialCapacity);
    private (int Block, int Series, int Chunk)?[] keys = new (int, int, int)?[InitialCapacity];
    private long[][] timestamps = new long[InitialCapacity][];
    private double[][] values = new double[InitialCapacity][];
    private int[] counts = new int[InitialCapacity];

    /// <summary>The histogram read when each slot was last filled, to tell a slot of the current histogram from an older one.</summary>
    private int[] filledIn = new int[InitialCapacity];
    private int histogram;
    private int histogramKey;
    private int next;

    private DecodedChunkRing()
    {
        Array.Fill(timestamps, []);
        Array.Fill(values, []);
    }

    /// <summary>The number of chunks decoded into any ring since the process started, for tests.</summary>
    internal static long Decodes => Interlocked.Read(ref decodes);

    /// <summary>The ring's current number of slots.</summary>
    public int Capacity => keys.Length;

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

    /// <summary>Gives a ring back for the next reader. The caller must not use the ring or the samples it returned after this.</summary>
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

    /// <summary>
    /// Starts the read of one series. <paramref name="key"/> names the histogram the series is a
    /// bucket of, the same for all its buckets, such as a hash of its labels other than <c>le</c>.
    /// </summary>
    public void BeginSeries(int key)
    {
        if (key != histogramKey || histogram == 0)
        {
            histogram++;
            histogramKey = key;
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
        filledIn[slot] = histogram;
        Interlocked.Increment(ref decodes);
        if (chunk.Cache is not null)
        {
            keys[slot] = chunk.CacheKey;
            slotOf[chunk.CacheKey] = slot;
        }

        chunkTimestamps = slotTimestamps;
        chunkValues = slotValues;
    }

    /// <summary>
    /// Claims the oldest slot other than <paramref name="keep"/> and drops the chunk it contained.
    /// When that chunk was decoded for the current histogram, the ring grows instead.
    /// </summary>
    private int Claim(int keep)
    {
        var slot = next == keep ? (next + 1) % Capacity : next;
        if (keys[slot] is not null && filledIn[slot] == histogram && Capacity < MaxCapacity)
        {
            slot = Grow();
        }

        next = (slot + 1) % Capacity;
        if (keys[slot] is { } old)
        {
            slotOf.Remove(old);
            keys[slot] = null;
        }

        return slot;
    }

    /// <summary>Doubles the slots and returns the first new one.</summary>
    private int Grow()
    {
        var first = Capacity;
        var size = Math.Min(2 * Capacity, MaxCapacity);
        Array.Resize(ref keys, size);
        Array.Resize(ref timestamps, size);
        Array.Resize(ref values, size);
        Array.Resize(ref counts, size);
        Array.Resize(ref filledIn, size);
        Array.Fill(timestamps, [], first, size - first);
        Array.Fill(values, [], first, size - first);
        return first;
    }
}
