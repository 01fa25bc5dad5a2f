using System.Buffers.Binary;

namespace InferScope.Storage.Wal;

/// <summary>
/// The framing of records in a segment: a little-endian 32-bit payload length, the CRC-32C of the
/// payload, then the payload. A frame cut short or with a wrong checksum marks the end of the
/// valid data in a segment.
/// </summary>
internal static class WalFrame
{
    public const int HeaderBytes = 8;

    /// <summary>Payloads beyond this size are treated as corruption when reading.</summary>
    public const int MaxPayloadBytes = 512 * 1024 * 1024;

    public static void Write(RecordBuffer output, ReadOnlySpan<byte> payload)
    {
        output.WriteUInt32((uint)payload.Length);
        output.WriteUInt32(Crc32C.Compute(payload));
        output.WriteBytes(payload);
    }

    /// <summary>
    /// Reads the frame at <paramref name="offset"/>. Returns false at a clean end of data, and
    /// false with <paramref name="corrupt"/> set when the frame is torn or fails its checksum.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, ref int offset, out ReadOnlySpan<byte> payload, out bool corrupt)
    {
        payload = default;
        corrupt = false;
        if (offset >= data.Length)
        {
            return false;
        }

        if (data.Length - offset < HeaderBytes)
        {
            corrupt = true;
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 4)..]);
        if (length == 0 || length > MaxPayloadBytes || length > data.Length - offset - HeaderBytes)
        {
            corrupt = true;
            return false;
        }

        payload = data.Slice(offset + HeaderBytes, (int)length);
        if (Crc32C.Compute(payload) != checksum)
        {
            corrupt = true;
            payload = default;
            return false;
        }

        offset += HeaderBytes + (int)length;
        return true;
    }
}
