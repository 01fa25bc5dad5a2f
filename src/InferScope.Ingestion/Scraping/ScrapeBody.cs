using System.Buffers;

namespace InferScope.Ingestion.Scraping;

/// <summary>A response body in a rented buffer; dispose it to return the buffer.</summary>
internal sealed class ScrapeBody : IDisposable
{
    private byte[]? buffer;

    public ScrapeBody(byte[] buffer, int length, string? contentType)
    {
        this.buffer = buffer;
        Length = length;
        ContentType = contentType;
    }

    public int Length { get; }

    public string? ContentType { get; }

    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, Length);

    public void Dispose()
    {
        var rented = Interlocked.Exchange(ref buffer, null);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
