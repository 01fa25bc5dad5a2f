using InferScope.Model;
using InferScope.Storage.Chunks;

namespace InferScope.Storage.Tests;

public class XorChunkTests
{
    [Fact]
    public void RoundTrip_KeepsEveryBit()
    {
        var random = new Random(42);
        var samples = new List<(long, double)>();
        var timestamp = -5_000L;
        double[] special = [double.NaN, StaleMarker.Value, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue, BitConverter.UInt64BitsToDouble(0x7ff8000000000abcUL)];
        for (var i = 0; i < 500; i++)
        {
            // Regular steps, jitter, and rare huge gaps exercise every delta-of-delta bucket.
            timestamp += i % 50 == 0 ? random.NextInt64(1, 1L << 40) : 15_000 + random.Next(-300, 300);
            var value = (i % 7) switch
            {
                0 => special[i % special.Length],
                1 => random.Next(100),
                2 => random.NextDouble() * 1e6,
                _ => i,
            };
            samples.Add((timestamp, value));
        }

        var writer = new XorChunkWriter();
        foreach (var (t, v) in samples)
        {
            writer.Append(t, v);
        }

        var data = writer.ToArray();
        Assert.Equal(500, XorChunkReader.ReadCount(data));
        var reader = new XorChunkReader(data, 500);
        foreach (var (t, v) in samples)
        {
            Assert.True(reader.MoveNext());
            Assert.Equal(t, reader.Timestamp);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(v), reader.ValueBits);
        }

        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void ConstantSeries_UsesAboutTwoBitsPerSample()
    {
        var writer = new XorChunkWriter();
        for (var i = 0; i < 120; i++)
        {
            writer.Append(1_700_000_000_000 + (i * 15_000L), 42.0);
        }

        // Header, first sample (6-byte varint + 8 bytes), second delta, then 2 bits per sample.
        Assert.True(writer.ToArray().Length <= 2 + 6 + 8 + 3 + 30, $"size was {writer.ToArray().Length}");
    }

    [Fact]
    public void ReaderOfPrefix_IgnoresLaterAppends()
    {
        var writer = new XorChunkWriter();
        for (var i = 0; i < 10; i++)
        {
            writer.Append(i * 1000L, i * 1.5);
        }

        var buffer = writer.Bits.Buffer;
        for (var i = 10; i < 12; i++)
        {
            writer.Append(i * 1000L, i * 1.5);
        }

        var reader = new XorChunkReader(buffer, 10);
        var count = 0;
        while (reader.MoveNext())
        {
            Assert.Equal(count * 1.5, reader.Value);
            count++;
        }

        Assert.Equal(10, count);
    }
}
