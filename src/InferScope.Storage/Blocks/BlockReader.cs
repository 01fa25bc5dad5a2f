using System.Buffers.Binary;
using InferScope.Model;
using InferScope.Storage.Chunks;
using InferScope.Storage.Index;
using InferScope.Storage.Querying;
using InferScope.Storage.Wal;

namespace InferScope.Storage.Blocks;

/// <summary>
/// An open block: its metadata, the symbol and postings tables read into memory, and the index
/// and chunks files memory-mapped. Queriers acquire it and release it when disposed. The maps are
/// unmapped after the store has closed the block and the last querier has released it.
/// </summary>
internal sealed class BlockReader : IPostingsSource
{
    /// <summary>The longest chain of difference chunks a reader follows; a longer one means a damaged index.</summary>
    private const int MaxBaseDepth = 64;

    private static int readersOpened;

    private readonly MappedFile index;
    private readonly MappedFile[] chunkFiles;
    private readonly string[] symbols;
    private readonly Dictionary<string, Dictionary<string, int>> postingsOffsets = new(StringComparer.Ordinal);
    private readonly int seriesOffset;
    private readonly int seriesTableOffset;
    private readonly int postingsOffset;
    private readonly int seriesCount;
    private readonly int readerNumber = Interlocked.Increment(ref readersOpened);
    private int references = 1;

    private BlockReader(string directory, BlockMeta meta, MappedFile index, MappedFile[] chunkFiles)
    {
        Directory = directory;
        Meta = meta;
        this.index = index;
        this.chunkFiles = chunkFiles;
        var data = index.GetSpan();
        if (data.Length < BlockFormat.FileHeaderBytes + BlockFormat.IndexTrailerBytes
            || BinaryPrimitives.ReadUInt32BigEndian(data) != BlockFormat.IndexMagic)
        {
            throw new InvalidDataException($"Block index {Path.Combine(directory, BlockFormat.IndexFile)} has no valid header; move the block folder out of the data folder to open the store without it.");
        }

        var trailer = data[^BlockFormat.IndexTrailerBytes..];
        if (Crc32C.Compute(trailer[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(trailer[^4..]))
        {
            throw new InvalidDataException($"Block index {Path.Combine(directory, BlockFormat.IndexFile)} has a corrupt trailer; move the block folder out of the data folder to open the store without it.");
        }

        var symbolsOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(trailer);
        seriesOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(trailer[8..]);
        seriesTableOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(trailer[16..]);
        postingsOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(trailer[24..]);
        var postingsTableOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(trailer[32..]);
        seriesCount = (int)BinaryPrimitives.ReadUInt64LittleEndian(trailer[40..]);

        var reader = new RecordReader(data[symbolsOffset..]);
        symbols = new string[(int)reader.ReadUvarint()];
        for (var i = 0; i < symbols.Length; i++)
        {
            symbols[i] = string.Intern(reader.ReadString());
        }

        reader = new RecordReader(data[postingsTableOffset..]);
        var entries = (int)reader.ReadUvarint();
        long offset = 0;
        for (var i = 0; i < entries; i++)
        {
            var name = symbols[(int)reader.ReadUvarint()];
            var value = symbols[(int)reader.ReadUvarint()];
            offset += (long)reader.ReadUvarint();
            if (!postingsOffsets.TryGetValue(name, out var values))
            {
                values = new Dictionary<string, int>(StringComparer.Ordinal);
                postingsOffsets[name] = values;
            }

            values[value] = (int)offset;
        }
    }

    public string Directory { get; }

    public BlockMeta Meta { get; }

    /// <summary>Bytes of the block's files on disk.</summary>
    public long SizeBytes => new DirectoryInfo(Directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    public int SeriesCount => seriesCount;

    public static BlockReader Open(string directory)
    {
        var meta = BlockMeta.Read(Path.Combine(directory, BlockFormat.MetaFile));
        var chunkPaths = System.IO.Directory.GetFiles(Path.Combine(directory, BlockFormat.ChunksFolder)).Order(StringComparer.Ordinal).ToArray();
        var chunkFiles = new MappedFile[chunkPaths.Length];
        MappedFile? indexFile = null;
        try
        {
            for (var i = 0; i < chunkPaths.Length; i++)
            {
                chunkFiles[i] = new MappedFile(chunkPaths[i]);
            }

            indexFile = new MappedFile(Path.Combine(directory, BlockFormat.IndexFile));
            return new BlockReader(directory, meta, indexFile, chunkFiles);
        }
        catch
        {
            foreach (var file in chunkFiles)
            {
                ((IDisposable?)file)?.Dispose();
            }

            ((IDisposable?)indexFile)?.Dispose();
            throw;
        }
    }

    /// <summary>Takes a reference for a querier; returns false when the block is already closed.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref references);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Drops a reference; the last one unmaps the files.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref references) != 0)
        {
            return;
        }

        ((IDisposable)index).Dispose();
        foreach (var file in chunkFiles)
        {
            ((IDisposable)file).Dispose();
        }
    }

    public bool Overlaps(long minTime, long maxTime) => Meta.MinTime <= maxTime && Meta.MaxTime > minTime;

    public ulong[] AllPostings()
    {
        var result = new ulong[seriesCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (ulong)i;
        }

        return result;
    }

    public ulong[] Postings(string name, string value)
    {
        if (!postingsOffsets.TryGetValue(name, out var values) || !values.TryGetValue(value, out var offset))
        {
            return [];
        }

        var reader = new RecordReader(index.GetSpan()[(postingsOffset + offset)..]);
        var result = new ulong[(int)reader.ReadUvarint()];
        ulong previous = 0;
        for (var i = 0; i < result.Length; i++)
        {
            previous += reader.ReadUvarint();
            result[i] = previous;
        }

        return result;
    }

    public IReadOnlyCollection<string> LabelValues(string name) =>
        postingsOffsets.TryGetValue(name, out var values) ? values.Keys : [];

    public IReadOnlyCollection<string> LabelNames() => postingsOffsets.Keys;

    /// <summary>Returns how many series have each label pair, for the status statistics.</summary>
    public IEnumerable<(string Name, string Value, int Series)> PairCounts()
    {
        foreach (var (name, values) in postingsOffsets)
        {
            foreach (var (value, offset) in values)
            {
                var reader = new RecordReader(index.GetSpan()[(postingsOffset + offset)..]);
                yield return (name, value, (int)reader.ReadUvarint());
            }
        }
    }

    /// <summary>Returns the selected series with their chunks in [minTime, maxTime], sorted by labels.</summary>
    public List<ChunkSeries> Select(IReadOnlyList<Matcher> matchers, long minTime, long maxTime, CancellationToken cancellationToken)
    {
        var result = new List<ChunkSeries>();
        if (!Overlaps(minTime, maxTime))
        {
            return result;
        }

        var cache = new DecodedChunkCache();
        foreach (var id in PostingsForMatchers.Resolve(this, matchers, cancellationToken))
        {
            var (labels, chunks) = ReadSeries((int)id, minTime, maxTime, cache);
            if (chunks.Length > 0)
            {
                result.Add(new ChunkSeries(labels, chunks));
            }
        }

        return result;
    }

    /// <summary>
    /// Reads one series entry and the chunks of it that overlap [minTime, maxTime]. Readers of many
    /// series pass one cache, so that base chunks shared by difference chunks are decoded once.
    /// </summary>
    public (Labels Labels, ChunkSnapshot[] Chunks) ReadSeries(int id, long minTime, long maxTime, DecodedChunkCache? cache = null)
    {
        cache ??= new DecodedChunkCache();
        var data = index.GetSpan();
        var entryOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[(seriesTableOffset + (4 * id))..]);
        var reader = new RecordReader(data[(seriesOffset + (int)entryOffset)..]);
        var labels = new Label[(int)reader.ReadUvarint()];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = new Label(symbols[(int)reader.ReadUvarint()], symbols[(int)reader.ReadUvarint()]);
        }

        var chunkCount = (int)reader.ReadUvarint();
        var chunks = new ChunkSnapshot[chunkCount];
        var inRange = 0;
        var previous = default(ChunkEntry);
        for (var i = 0; i < chunkCount; i++)
        {
            var entry = ChunkEntry.Read(ref reader, previous);
            previous = entry;
            if (entry.MaxTime >= minTime && entry.MinTime <= maxTime)
            {
                chunks[inRange++] = ReadChunk(entry, cache, depth: 0, (readerNumber, id, i));
            }
        }

        // A series wholly inside the range, the usual case, keeps the array as it is.
        return (Labels.FromSortedUnchecked(labels), inRange == chunkCount ? chunks : chunks[..inRange]);
    }

    /// <summary>
    /// Returns chunk number <paramref name="chunkIndex"/> of series <paramref name="id"/>, the base of
    /// a difference chunk <paramref name="depth"/> links down a chain. A reader resolves a base only
    /// when it has to decode it, so the bases of chunks found decoded already are never read.
    /// </summary>
    /// <exception cref="InvalidDataException">The base does not exist, is a native histogram chunk, or the chain is too long.</exception>
    internal ChunkSnapshot ReadBaseChunk(int id, int chunkIndex, DecodedChunkCache cache, int depth)
    {
        if (depth > MaxBaseDepth || (uint)id >= (uint)seriesCount)
        {
            throw new InvalidDataException($"Block {Directory} has a difference chunk whose base (series {id}, chunk {chunkIndex}) does not exist; the block is damaged. Move its folder out of the data folder and restart.");
        }

        var data = index.GetSpan();
        var entryOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[(seriesTableOffset + (4 * id))..]);
        var reader = new RecordReader(data[(seriesOffset + (int)entryOffset)..]);
        var labelCount = (int)reader.ReadUvarint();
        for (var i = 0; i < 2 * labelCount; i++)
        {
            reader.ReadUvarint();
        }

        var chunkCount = (int)reader.ReadUvarint();
        var previous = default(ChunkEntry);
        for (var i = 0; i < chunkCount; i++)
        {
            previous = ChunkEntry.Read(ref reader, previous);
            if (i == chunkIndex)
            {
                var snapshot = ReadChunk(previous, cache, depth, (readerNumber, id, chunkIndex));
                if (snapshot.Encoding == ChunkEncoding.FloatHistogram)
                {
                    throw new InvalidDataException($"Block {Directory} is damaged because the base of a difference chunk (series {id}, chunk {chunkIndex}) is a native histogram chunk. Move its folder out of the data folder and restart.");
                }

                return snapshot;
            }
        }

        throw new InvalidDataException($"Block {Directory} has a difference chunk whose base (series {id}, chunk {chunkIndex}) does not exist; the block is damaged. Move its folder out of the data folder and restart.");
    }

    private ChunkSnapshot ReadChunk(ChunkEntry entry, DecodedChunkCache cache, int depth, (int Block, int Series, int Chunk) key)
    {
        var (minTime, maxTime, reference, count) = entry;
        var fileIndex = (int)(reference >> 32) - 1;
        var offset = (int)(reference & 0xffffffff);
        if (fileIndex < 0 || fileIndex >= chunkFiles.Length)
        {
            throw new InvalidDataException($"Block {Directory} refers to chunks file {fileIndex + 1}, which does not exist; the block is damaged.");
        }

        var file = chunkFiles[fileIndex];
        var span = file.GetSpan()[offset..];
        var encoding = (ChunkEncoding)span[0];
        var reader = new RecordReader(span[1..]);
        var length = (int)reader.ReadUvarint();
        var start = offset + 1 + reader.Position;
        var fileSpan = file.GetSpan();
        if (length < 0 || start + length + 4 > fileSpan.Length)
        {
            throw new InvalidDataException($"Chunk {reference:x} of block {Directory} runs past the end of its chunks file; the block is damaged. Move its folder out of the data folder and restart.");
        }

        // A flipped bit in a chunk would otherwise decode into plausible wrong values.
        var data = fileSpan.Slice(start, length);
        var crc = ~Crc32C.Append(Crc32C.Append(~0u, fileSpan.Slice(offset, 1)), data);
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(fileSpan[(start + length)..]))
        {
            throw new InvalidDataException($"Chunk {reference:x} of block {Directory} fails its checksum; the block is damaged. Move its folder out of the data folder and restart.");
        }

        var memory = file.Memory.Slice(start, length);
        ChunkBase? chunkBase = null;
        if (encoding == ChunkEncoding.PackedDifference)
        {
            var (baseSeries, baseChunk) = DifferenceChunkWriter.ReadBase(memory);
            chunkBase = new ChunkBase(this, baseSeries, baseChunk, cache, depth + 1);
        }

        return new ChunkSnapshot(memory, count, minTime, maxTime, encoding, chunkBase, cache, key);
    }

    /// <summary>One chunk's entry in a series of the index: its time range, reference and sample count.</summary>
    private readonly record struct ChunkEntry(long MinTime, long MaxTime, ulong Reference, int Count)
    {
        /// <summary>Reads the next entry, whose minimum time and reference are coded against the previous entry's.</summary>
        public static ChunkEntry Read(ref RecordReader reader, ChunkEntry previous)
        {
            var minTime = previous.MaxTime + reader.ReadVarint();
            var maxTime = minTime + (long)reader.ReadUvarint();
            var reference = previous.Reference + reader.ReadUvarint();
            var count = (int)reader.ReadUvarint();
            return new ChunkEntry(minTime, maxTime, reference, count);
        }
    }
}
