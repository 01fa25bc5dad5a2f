using System.Text.Json.Serialization;

namespace InferScope.Storage.Blocks;

/// <summary>Counts stored in a block's metadata.</summary>
internal sealed class BlockStats
{
    [JsonPropertyName("numSamples")]
    public long Samples { get; set; }

    [JsonPropertyName("numSeries")]
    public long Series { get; set; }

    [JsonPropertyName("numChunks")]
    public long Chunks { get; set; }
}
