using System.Text.Json;
using System.Text.Json.Serialization;

namespace InferScope.Storage.Blocks;

/// <summary>The contents of a block's meta.json. Times are milliseconds; <see cref="MaxTime"/> is exclusive.</summary>
internal sealed class BlockMeta
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    [JsonPropertyName("ulid")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("minTime")]
    public long MinTime { get; set; }

    [JsonPropertyName("maxTime")]
    public long MaxTime { get; set; }

    [JsonPropertyName("stats")]
    public BlockStats Stats { get; set; } = new();

    [JsonPropertyName("compaction")]
    public BlockCompaction Compaction { get; set; } = new();

    [JsonPropertyName("version")]
    public int Version { get; set; } = CurrentVersion;

    public static BlockMeta Read(string path)
    {
        var meta = JsonSerializer.Deserialize<BlockMeta>(File.ReadAllBytes(path), JsonOptions)
            ?? throw new InvalidDataException($"Block metadata {path} is empty.");
        if (meta.Version != CurrentVersion)
        {
            throw new InvalidDataException($"Block metadata {path} has version {meta.Version}; this build reads version {CurrentVersion}.");
        }

        return meta;
    }

    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        JsonSerializer.Serialize(stream, this, JsonOptions);
        stream.Flush(flushToDisk: true);
    }
}
