using System.IO.Pipelines;
using System.Text.Json;
using InferScope.Server.Api;

namespace InferScope.Server.Tests;

public class SegmentedBufferWriterTests
{
    [Fact]
    public async Task CopyTo_KeepsBytesAcrossSegments()
    {
        var body = new SegmentedBufferWriter();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartArray();
            for (var i = 0; i < 50_000; i++)
            {
                writer.WriteStringValue($"value-{i}");
            }

            // One string longer than a segment forces a segment of its own size.
            writer.WriteStringValue(new string('x', 200_000));
            writer.WriteEndArray();
        }

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await body.CopyToAsync(pipe.Writer, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        using var copy = new MemoryStream();
        await pipe.Reader.CopyToAsync(copy);

        Assert.Equal(body.Length, copy.Length);
        using var document = JsonDocument.Parse(copy.ToArray());
        Assert.Equal(50_001, document.RootElement.GetArrayLength());
        Assert.Equal("value-49999", document.RootElement[49_999].GetString());
        Assert.Equal(200_000, document.RootElement[50_000].GetString()!.Length);
    }
}
