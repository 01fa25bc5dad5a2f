using InferScope.Model;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Tests;

public class PackedChunkTests
{
    public static TheoryData<string> Cases => ["counter", "rounded", "constant", "jitter", "negative", "huge", "floats"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void RoundTrip_KeepsEveryBit(string kind)
    {
        var random = new Random(kind.Length);
        var count = 700;
        var timestamps = new long[count];
        var values = new double[count];
        var t = 1_700_000_000_000L;
        double counter = 0;
        for (var i = 0; i < count; i++)
        {
            t += kind == "jitter" ? 15_000 + random.Next(-40, 40) : 15_000;
            counter += random.Next(0, 500);
            timestamps[i] = t;
            values[i] = kind switch
            {
                "counter" => counter,
                "rounded" => Math.Round(random.NextDouble() * 300, 3),
                "constant" => 6251,
                "jitter" => random.Next(100),
                "negative" => -random.Next(1, 100) / 100.0,
                "huge" => i % 2 == 0 ? 9_007_199_254_740_000 : 1e-15 * i,
                _ => (i % 5) switch
                {
                    0 => StaleMarker.Value,
                    1 => double.NegativeInfinity,
                    2 => -0.0,
                    3 => BitConverter.UInt64BitsToDouble(0x7ff8000000000123UL),
                    _ => counter * Math.PI,
                },
            };
        }

        var encoded = PackedChunkWriter.TryEncode(timestamps, values);
        Assert.NotNull(encoded);
        var reader = new PackedChunkReader(encoded, count);
        for (var i = 0; i < count; i++)
        {
            Assert.True(reader.MoveNext());
            Assert.Equal(timestamps[i], reader.Timestamp);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(values[i]), reader.ValueBits);
        }

        Assert.False(reader.MoveNext());

        var bulkTimestamps = new long[count];
        var bulkValues = new double[count];
        PackedChunkReader.DecodeAll(encoded, bulkTimestamps, bulkValues);
        Assert.Equal(timestamps, bulkTimestamps);
        Assert.Equal(values.Select(BitConverter.DoubleToUInt64Bits), bulkValues.Select(BitConverter.DoubleToUInt64Bits));
    }

    [Fact]
    public void DecodeAll_ReadsPrefixOfChunk()
    {
        var timestamps = Enumerable.Range(0, 300).Select(i => 1_000_000L + (i * 15_000L) + (i % 7)).ToArray();
        var values = timestamps.Select((_, i) => (double)(i * i % 977)).ToArray();
        var encoded = PackedChunkWriter.TryEncode(timestamps, values);
        Assert.NotNull(encoded);

        var prefixTimestamps = new long[37];
        var prefixValues = new double[37];
        PackedChunkReader.DecodeAll(encoded, prefixTimestamps, prefixValues);

        Assert.Equal(timestamps[..37], prefixTimestamps);
        Assert.Equal(values[..37], prefixValues);
    }

    [Fact]
    public void ConstantSeries_TakesUnderOneBitPerSample()
    {
        var timestamps = Enumerable.Range(0, 480).Select(i => i * 15_000L).ToArray();
        var values = Enumerable.Repeat(6251.0, 480).ToArray();

        var encoded = PackedChunkWriter.TryEncode(timestamps, values);

        Assert.NotNull(encoded);
        Assert.True(encoded.Length * 8 < 480, $"{encoded.Length} bytes");
    }

    [Fact]
    public void RandomFloats_KeepSmallerEncoding()
    {
        var random = new Random(3);
        var timestamps = Enumerable.Range(0, 100).Select(i => i * 1000L).ToArray();
        var values = timestamps.Select(_ => random.NextDouble() * (random.Next(2) == 0 ? 1e-300 : 1e300)).ToArray();

        var xor = Chunk(timestamps, values);

        var chunk = Assert.Single(ChunkOptimizer.Optimize([xor]));

        Assert.True(chunk.Data.Length <= xor.Data.Length, $"{chunk.Encoding} took {chunk.Data.Length} bytes, XOR {xor.Data.Length}");
        var decoder = new ChunkDecoder(chunk);
        foreach (var value in values)
        {
            Assert.True(decoder.MoveNext());
            Assert.Equal(BitConverter.DoubleToUInt64Bits(value), BitConverter.DoubleToUInt64Bits(decoder.Value));
        }
    }

    [Fact]
    public void Optimizer_JoinsChunksAndPicksSmaller()
    {
        var chunks = new List<ChunkSnapshot>();
        for (var c = 0; c < 4; c++)
        {
            var timestamps = Enumerable.Range(c * 120, 120).Select(i => i * 15_000L).ToArray();
            chunks.Add(Chunk(timestamps, [.. timestamps.Select(x => (double)(x / 1000))]));
        }

        var optimized = ChunkOptimizer.Optimize(chunks);

        var chunk = Assert.Single(optimized);
        Assert.Equal(ChunkEncoding.Packed, chunk.Encoding);
        Assert.Equal(480, chunk.Count);
        var decoder = new ChunkDecoder(chunk);
        for (var i = 0; i < 480; i++)
        {
            Assert.True(decoder.MoveNext());
            Assert.Equal(i * 15_000L, decoder.Timestamp);
            Assert.Equal(i * 15.0, decoder.Value);
        }
    }

    private static ChunkSnapshot Chunk(long[] timestamps, double[] values)
    {
        var writer = new XorChunkWriter();
        for (var i = 0; i < timestamps.Length; i++)
        {
            writer.Append(timestamps[i], values[i]);
        }

        return new ChunkSnapshot(writer.ToArray(), writer.Count, writer.MinTime, writer.MaxTime);
    }
}
