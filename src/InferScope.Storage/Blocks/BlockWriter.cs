using System.Buffers.Binary;
using InferScope.Model;
using InferScope.Storage.Chunks;
using InferScope.Storage.Wal;

namespace InferScope.Storage.Blocks;

/// <summary>
/// Writes a block: chunks files, the index and meta.json, first into a temporary folder that is
/// forced to disk and then renamed, so a crash never leaves a half-written block under a valid name.
/// </summary>
internal static class BlockWriter
{
    /// <summary>Writes the series, which must be sorted by labels, as a block in <paramref name="parent"/>; returns its metadata.</summary>
    public static BlockMeta Write(
        string parent,
        IReadOnlyList<BlockSeries> series,
        long minTime,
        long maxTime,
        BlockCompaction compaction,
        TimeProvider clock)
    {
        var id = BlockId.New(clock.GetUtcNow());
        var temporary = Path.Combine(parent, id + ".tmp");
        var final = Path.Combine(parent, id);
        Directory.CreateDirectory(Path.Combine(temporary, BlockFormat.ChunksFolder));

        var meta = new BlockMeta { Id = id, MinTime = minTime, MaxTime = maxTime, Compaction = compaction };
        series = [.. series.Select(s => s with { Chunks = ChunkOptimizer.Optimize(s.Chunks) })];
        series = DifferenceCoding.Apply(series);
        if (series.Any(s => s.Chunks.Any(c => c.Encoding == ChunkEncoding.FloatHistogram)))
        {
            meta.Version = BlockMeta.HistogramVersion;
        }

        if (meta.Compaction.Sources.Count == 0)
        {
            meta.Compaction.Sources.Add(id);
        }

        var chunkRefs = WriteChunks(Path.Combine(temporary, BlockFormat.ChunksFolder), series, meta.Stats);
        WriteIndex(Path.Combine(temporary, BlockFormat.IndexFile), series, chunkRefs);
        meta.Stats.Series = series.Count;
        meta.Write(Path.Combine(temporary, BlockFormat.MetaFile));
        Directory.Move(temporary, final);
        return meta;
    }

    private static ulong[][] WriteChunks(string folder, IReadOnlyList<BlockSeries> series, BlockStats stats)
    {
        var refs = new ulong[series.Count][];
        var fileNumber = 0;
        FileStream? file = null;
        long offset = 0;
        Span<byte> header = stackalloc byte[BlockFormat.FileHeaderBytes];
        Span<byte> prefix = stackalloc byte[11];
        Span<byte> checksum = stackalloc byte[4];
        try
        {
            for (var i = 0; i < series.Count; i++)
            {
                var chunks = series[i].Chunks;
                refs[i] = new ulong[chunks.Count];
                for (var j = 0; j < chunks.Count; j++)
                {
                    var chunk = chunks[j];
                    if (file is null || offset + chunk.Data.Length + 16 > BlockFormat.MaxChunksFileBytes)
                    {
                        CloseChunksFile(file);
                        fileNumber++;
                        file = new FileStream(Path.Combine(folder, BlockFormat.ChunksFileName(fileNumber)), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                        BinaryPrimitives.WriteUInt32BigEndian(header, BlockFormat.ChunksMagic);
                        header[4] = BlockFormat.FormatVersion;
                        file.Write(header);
                        offset = BlockFormat.FileHeaderBytes;
                    }

                    refs[i][j] = ((ulong)fileNumber << 32) | (ulong)offset;

                    // Each chunk is its encoding byte, its length as a varint, its bytes and a CRC-32C of the encoding and bytes.
                    prefix[0] = (byte)chunk.Encoding;
                    var prefixLength = 1 + WriteUvarint(prefix[1..], (ulong)chunk.Data.Length);
                    file.Write(prefix[..prefixLength]);
                    file.Write(chunk.Data.Span);
                    var crc = Crc32C.Append(~0u, prefix[..1]);
                    crc = ~Crc32C.Append(crc, chunk.Data.Span);
                    BinaryPrimitives.WriteUInt32LittleEndian(checksum, crc);
                    file.Write(checksum);
                    offset += prefixLength + chunk.Data.Length + 4;
                    stats.Chunks++;
                    stats.Samples += chunk.Count;
                }
            }
        }
        finally
        {
            CloseChunksFile(file);
        }

        return refs;
    }

    private static void CloseChunksFile(FileStream? file)
    {
        if (file is null)
        {
            return;
        }

        file.Flush(flushToDisk: true);
        file.Dispose();
    }

    private static void WriteIndex(string path, IReadOnlyList<BlockSeries> series, ulong[][] chunkRefs)
    {
        var symbolSet = new HashSet<string>(StringComparer.Ordinal);
        var postings = new SortedDictionary<string, SortedDictionary<string, List<int>>>(StringComparer.Ordinal);
        for (var i = 0; i < series.Count; i++)
        {
            foreach (var label in series[i].Labels)
            {
                symbolSet.Add(label.Name);
                symbolSet.Add(label.Value);
                if (!postings.TryGetValue(label.Name, out var values))
                {
                    values = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
                    postings[label.Name] = values;
                }

                if (!values.TryGetValue(label.Value, out var list))
                {
                    list = [];
                    values[label.Value] = list;
                }

                list.Add(i);
            }
        }

        var symbols = symbolSet.ToArray();
        Array.Sort(symbols, StringComparer.Ordinal);
        var symbolIndex = new Dictionary<string, int>(symbols.Length, StringComparer.Ordinal);
        for (var i = 0; i < symbols.Length; i++)
        {
            symbolIndex[symbols[i]] = i;
        }

        var buffer = new RecordBuffer(1 << 20);
        buffer.WriteUInt32(BinaryPrimitives.ReverseEndianness(BlockFormat.IndexMagic));
        buffer.WriteByte(BlockFormat.FormatVersion);
        buffer.WriteBytes([0, 0, 0]);

        var symbolsOffset = buffer.Length;
        buffer.WriteUvarint((ulong)symbols.Length);
        foreach (var symbol in symbols)
        {
            buffer.WriteString(symbol);
        }

        var seriesOffset = buffer.Length;
        var seriesOffsets = new uint[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            seriesOffsets[i] = checked((uint)(buffer.Length - seriesOffset));
            WriteSeriesEntry(buffer, series[i], chunkRefs[i], symbolIndex);
        }

        var seriesTableOffset = buffer.Length;
        foreach (var entryOffset in seriesOffsets)
        {
            buffer.WriteUInt32(entryOffset);
        }

        var postingsOffset = buffer.Length;
        var postingsTable = new List<(int Name, int Value, long Offset)>();
        foreach (var (name, values) in postings)
        {
            foreach (var (value, list) in values)
            {
                postingsTable.Add((symbolIndex[name], symbolIndex[value], buffer.Length - postingsOffset));
                buffer.WriteUvarint((ulong)list.Count);
                var previous = 0;
                foreach (var id in list)
                {
                    buffer.WriteUvarint((ulong)(id - previous));
                    previous = id;
                }
            }
        }

        var postingsTableOffset = buffer.Length;
        buffer.WriteUvarint((ulong)postingsTable.Count);
        long previousOffset = 0;
        foreach (var (name, value, offset) in postingsTable)
        {
            buffer.WriteUvarint((ulong)name);
            buffer.WriteUvarint((ulong)value);
            buffer.WriteUvarint((ulong)(offset - previousOffset));
            previousOffset = offset;
        }

        var trailerStart = buffer.Length;
        buffer.WriteUInt64((ulong)symbolsOffset);
        buffer.WriteUInt64((ulong)seriesOffset);
        buffer.WriteUInt64((ulong)seriesTableOffset);
        buffer.WriteUInt64((ulong)postingsOffset);
        buffer.WriteUInt64((ulong)postingsTableOffset);
        buffer.WriteUInt64((ulong)series.Count);
        buffer.WriteUInt32(Crc32C.Compute(buffer.Span[trailerStart..]));

        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.Write(buffer.Span);
        file.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Writes a series entry: label pairs as symbol numbers, then each chunk's time range and
    /// reference, delta-coded against the previous chunk.
    /// </summary>
    private static void WriteSeriesEntry(RecordBuffer buffer, BlockSeries series, ulong[] refs, Dictionary<string, int> symbolIndex)
    {
        buffer.WriteUvarint((ulong)series.Labels.Count);
        foreach (var label in series.Labels)
        {
            buffer.WriteUvarint((ulong)symbolIndex[label.Name]);
            buffer.WriteUvarint((ulong)symbolIndex[label.Value]);
        }

        buffer.WriteUvarint((ulong)series.Chunks.Count);
        long previousMax = 0;
        ulong previousRef = 0;
        for (var i = 0; i < series.Chunks.Count; i++)
        {
            var chunk = series.Chunks[i];
            buffer.WriteVarint(chunk.MinTime - previousMax);
            buffer.WriteUvarint((ulong)(chunk.MaxTime - chunk.MinTime));
            buffer.WriteUvarint(refs[i] - previousRef);
            buffer.WriteUvarint((ulong)chunk.Count);
            previousMax = chunk.MaxTime;
            previousRef = refs[i];
        }
    }

    private static int WriteUvarint(Span<byte> output, ulong value)
    {
        var length = 0;
        while (value >= 0x80)
        {
            output[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        output[length++] = (byte)value;
        return length;
    }
}
