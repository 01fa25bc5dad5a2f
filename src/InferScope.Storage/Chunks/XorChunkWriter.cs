using System.Numerics;

namespace InferScope.Storage.Chunks;

/// <summary>
/// Builds one <see cref="ChunkEncoding.Xor"/> chunk. The layout is a big-endian 16-bit sample
/// count, then the first sample as a zigzag varint timestamp and the raw 64 value bits, then the
/// second timestamp as a varint delta, then each later timestamp as a delta of deltas in a
/// prefix-coded bucket. Every value after the first is the XOR with the previous value, written
/// as one zero bit when equal, or as the meaningful bits inside a leading and trailing zero window.
/// Values are kept bit for bit, so NaN payloads such as the staleness marker survive.
/// Not thread-safe for writers; see <see cref="BitWriter"/> for concurrent readers.
/// </summary>
internal sealed class XorChunkWriter
{
    public const int HeaderBytes = 2;

    private readonly BitWriter writer;
    private long lastTimestamp;
    private long lastDelta;
    private ulong lastValueBits;
    private int leading = 0xff;
    private int trailing;

    public XorChunkWriter(int initialBytes = 128)
    {
        writer = new BitWriter(initialBytes);
        writer.WriteBits(0, 16);
    }

    public int Count { get; private set; }

    public long MinTime { get; private set; }

    public long MaxTime => lastTimestamp;

    public BitWriter Bits => writer;

    public void Append(long timestamp, double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        switch (Count)
        {
            case 0:
                writer.WriteVarint(timestamp);
                writer.WriteBits(bits, 64);
                MinTime = timestamp;
                break;
            case 1:
                lastDelta = timestamp - lastTimestamp;
                writer.WriteVarint(lastDelta);
                WriteValue(bits);
                break;
            default:
                var delta = timestamp - lastTimestamp;
                WriteDeltaOfDelta(delta - lastDelta);
                lastDelta = delta;
                WriteValue(bits);
                break;
        }

        lastTimestamp = timestamp;
        lastValueBits = bits;
        Count++;
        writer.PatchByte(0, (byte)(Count >> 8));
        writer.PatchByte(1, (byte)Count);
    }

    /// <summary>Returns the finished chunk bytes, trimmed to length.</summary>
    public byte[] ToArray() => writer.ToArray();

    private void WriteDeltaOfDelta(long dod)
    {
        if (dod == 0)
        {
            writer.WriteBit(false);
        }
        else if (dod >= -(1 << 7) + 1 && dod <= 1 << 7)
        {
            writer.WriteBits(0b10, 2);
            writer.WriteBits((ulong)dod, 8);
        }
        else if (dod >= -(1 << 13) + 1 && dod <= 1 << 13)
        {
            writer.WriteBits(0b110, 3);
            writer.WriteBits((ulong)dod, 14);
        }
        else if (dod >= -(1 << 19) + 1 && dod <= 1 << 19)
        {
            writer.WriteBits(0b1110, 4);
            writer.WriteBits((ulong)dod, 20);
        }
        else
        {
            writer.WriteBits(0b1111, 4);
            writer.WriteBits((ulong)dod, 64);
        }
    }

    private void WriteValue(ulong bits)
    {
        var xor = bits ^ lastValueBits;
        if (xor == 0)
        {
            writer.WriteBit(false);
            return;
        }

        writer.WriteBit(true);
        var newLeading = BitOperations.LeadingZeroCount(xor);
        var newTrailing = BitOperations.TrailingZeroCount(xor);

        // The leading count is written in 5 bits, so it is capped at 31.
        if (newLeading > 31)
        {
            newLeading = 31;
        }

        if (leading != 0xff && newLeading >= leading && newTrailing >= trailing)
        {
            writer.WriteBit(false);
            writer.WriteBits(xor >> trailing, 64 - leading - trailing);
            return;
        }

        leading = newLeading;
        trailing = newTrailing;
        var significant = 64 - leading - trailing;
        writer.WriteBit(true);
        writer.WriteBits((ulong)leading, 5);

        // 64 significant bits do not fit in 6 bits and are written as 0; 0 significant bits cannot occur.
        writer.WriteBits((ulong)(significant & 63), 6);
        writer.WriteBits(xor >> trailing, significant);
    }
}
