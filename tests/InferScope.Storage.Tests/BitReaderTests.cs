using InferScope.Storage.Chunks;

namespace InferScope.Storage.Tests;

public class BitReaderTests
{
    [Fact]
    public void ReadsBackFieldsOfEveryWidth()
    {
        var random = new Random(11);
        var fields = new List<(ulong Value, int Width)>();
        var writer = new BitWriter(64);
        for (var i = 0; i < 2_000; i++)
        {
            var width = random.Next(0, 65);
            var value = width == 0 ? 0 : (ulong)random.NextInt64() >> (64 - width) | (width == 64 ? 1UL << 63 : 0);
            fields.Add((value, width));
            writer.WriteBits(value, width);
        }

        var reader = new BitReader(writer.ToArray());
        foreach (var (value, width) in fields)
        {
            Assert.Equal(value, reader.ReadBits(width));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RiceResiduals_RoundTrip(bool mapped)
    {
        var random = new Random(5);
        var residuals = new ulong[4_000];
        for (var i = 0; i < residuals.Length; i++)
        {
            residuals[i] = (i / 16 % 5) switch
            {
                0 => 0,
                1 => (ulong)random.Next(0, 4),
                2 => (ulong)random.Next(0, 1 << 20),
                3 => random.Next(10) == 0 ? ulong.MaxValue - (ulong)random.Next(100) : (ulong)random.Next(0, 300),
                _ => (ulong)random.NextInt64(),
            };
        }

        var writer = new BitWriter(1024);
        RiceGroups.Write(writer, residuals);

        // A stream in a memory-mapped file is read through its address, one in an array through the array.
        // Three bytes in front move the stream off the start of the mapping.
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "stream");
        File.WriteAllBytes(path, [1, 2, 3, .. writer.ToArray()]);
        using var file = new Blocks.MappedFile(path);
        var reader = mapped ? new BitReader(file.Memory[3..]) : new BitReader(writer.ToArray());
        int parameter = 0, left = 0;
        foreach (var expected in residuals)
        {
            Assert.Equal(expected, RiceGroups.Read(ref reader, ref parameter, ref left));
        }

        // Only the padding of the last byte is left.
        Assert.InRange(reader.BitLength - reader.Position, 0, 7);
    }

    [Fact]
    public void ReadingPastTheEnd_Throws()
    {
        var writer = new BitWriter(4);
        writer.WriteBits(0xffff, 16);
        var data = writer.ToArray();

        var ones = new BitReader(data);
        Assert.Throws<InvalidDataException>(() => ones.ReadOnes(20));

        var bits = new BitReader(data);
        bits.ReadBits(10);
        Assert.Throws<InvalidDataException>(() => bits.ReadBits(7));
    }
}
