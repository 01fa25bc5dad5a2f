using System.Buffers.Binary;
using System.Text;

namespace InferScope.Storage.Wal;

/// <summary>A growable byte buffer with the varint and string writers the log records use.</summary>
internal sealed class RecordBuffer
{
    private byte[] buffer;

    public RecordBuffer(int capacity = 256)
    {
        buffer = new byte[capacity];
    }

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void WriteByte(byte value)
    {
        Ensure(1);
        buffer[Length++] = value;
    }

    public void WriteUvarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[Length++] = (byte)value;
    }

    public void WriteVarint(long value) => WriteUvarint((ulong)((value << 1) ^ (value >> 63)));

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteUInt64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(Length), value);
        Length += 8;
    }

    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteUvarint((ulong)count);
        Ensure(count);
        Length += Encoding.UTF8.GetBytes(value, buffer.AsSpan(Length));
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Reserves bytes to fill in later and returns their offset.</summary>
    public int Reserve(int count)
    {
        Ensure(count);
        var offset = Length;
        buffer.AsSpan(offset, count).Clear();
        Length += count;
        return offset;
    }

    public Span<byte> Slice(int offset, int count) => buffer.AsSpan(offset, count);

    private void Ensure(int count)
    {
        if (Length + count <= buffer.Length)
        {
            return;
        }

        Array.Resize(ref buffer, Math.Max(Length + count, buffer.Length * 2));
    }
}
