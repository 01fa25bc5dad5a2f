using System.Buffers;
using System.IO.Pipelines;

namespace InferScope.Server.Api;

/// <summary>
/// A buffer writer that keeps what is written in a list of 64 KiB arrays, small enough to stay
/// off the large object heap. A response is built in it and then copied to the body a segment at
/// a time, so a huge query result is garbage once sent instead of staying in the server's
/// pooled I/O buffers.
/// </summary>
internal sealed class SegmentedBufferWriter : IBufferWriter<byte>
{
    private const int SegmentBytes = 64 * 1024;

    private readonly List<(byte[] Buffer, int Length)> full = [];
    private byte[] current = new byte[SegmentBytes];
    private int used;

    /// <summary>The number of bytes written so far.</summary>
    public long Length { get; private set; }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (used + count > current.Length)
        {
            throw new InvalidOperationException($"Cannot advance {count} bytes past the {current.Length - used} bytes of the current segment.");
        }

        used += count;
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        // Reserve may start a new segment, so read the field only after it returns.
        var offset = Reserve(sizeHint);
        return current.AsMemory(offset);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var offset = Reserve(sizeHint);
        return current.AsSpan(offset);
    }

    /// <summary>Copies every segment to <paramref name="writer"/>, flushing after each so the transport can send it.</summary>
    public async Task CopyToAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        foreach (var (buffer, length) in full)
        {
            await writer.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }

        if (used > 0)
        {
            await writer.WriteAsync(current.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a new segment when the current one has less room than requested; returns the write offset.</summary>
    private int Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (current.Length - used >= needed)
        {
            return used;
        }

        if (used > 0)
        {
            full.Add((current, used));
        }

        current = new byte[Math.Max(SegmentBytes, needed)];
        used = 0;
        return 0;
    }
}
