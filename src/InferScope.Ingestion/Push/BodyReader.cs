using System.Buffers;

namespace InferScope.Ingestion.Push;

/// <summary>Reads a request body into a rented buffer, stopping at a size limit.</summary>
internal static class BodyReader
{
    /// <summary>Returns the body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<RentedBuffer?> ReadAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return new RentedBuffer(buffer, length);
            }

            length += read;
            if (length > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return null;
            }
        }
    }
}

/// <summary>Bytes in a buffer from the shared array pool; dispose it to return the buffer.</summary>
internal sealed class RentedBuffer(byte[] buffer, int length) : IDisposable
{
    private byte[]? array = buffer;

    public int Length { get; } = length;

    public ReadOnlySpan<byte> Span => array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => array.AsMemory(0, Length);

    public static RentedBuffer Rent(int length) => new(ArrayPool<byte>.Shared.Rent(Math.Max(length, 1)), length);

    public Span<byte> WritableSpan => array.AsSpan(0, Length);

    public void Dispose()
    {
        var rented = Interlocked.Exchange(ref array, null);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
