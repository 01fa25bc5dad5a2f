using System.Buffers.Binary;
using System.Text;

namespace InferScope.Storage.Wal;

/// <summary>Reads what <see cref="RecordBuffer"/> wrote; throws <see cref="InvalidDataException"/> past the end.</summary>
internal ref struct RecordReader
{
    private readonly ReadOnlySpan<byte> data;
    private int position;

    public RecordReader(ReadOnlySpan<byte> data)
    {
        this.data = data;
    }

    public readonly bool AtEnd => position >= data.Length;

    public readonly int Position => position;

    public byte ReadByte()
    {
        Need(1);
        return data[position++];
    }

    public ulong ReadUvarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Varint is longer than 10 bytes.");
    }

    public long ReadVarint()
    {
        var raw = ReadUvarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public uint ReadUInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(data[position..]);
        position += 4;
        return value;
    }

    public ulong ReadUInt64()
    {
        Need(8);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(data[position..]);
        position += 8;
        return value;
    }

    public string ReadString()
    {
        var length = checked((int)ReadUvarint());
        Need(length);
        var value = Encoding.UTF8.GetString(data.Slice(position, length));
        position += length;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count);
        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }

    private readonly void Need(int count)
    {
        if (position + count > data.Length)
        {
            throw new InvalidDataException($"Record ends after {data.Length} bytes but {position + count} are needed.");
        }
    }
}
