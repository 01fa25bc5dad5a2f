using System.Text.Json.Serialization;

namespace InferScope.Storage.Blocks;

/// <summary>How a block was made: its compaction level and the blocks it replaced.</summary>
internal sealed class BlockCompaction
{
    [JsonPropertyName("level")]
    public int Level { get; set; } = 1;

    [JsonPropertyName("sources")]
    public List<string> Sources { get; set; } = [];
}
