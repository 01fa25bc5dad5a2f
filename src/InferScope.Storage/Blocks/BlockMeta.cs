using System.Text.Json;
using System.Text.Json.Serialization;

namespace InferScope.Storage.Blocks;

/// <summary>The contents of a block's meta.json. Times are milliseconds; <see cref="MaxTime"/> is exclusive.</summary>
internal sealed class BlockMeta
{
    /// <summary>The version of blocks with float chunks only; every build of the store reads it.</summary>
    public const int FloatVersion = 1;

    /// <summary>
    /// The version of blocks that contain native histogram chunks. Builds that know only version 1
    /// would rewrite those chunks as NaN floats when compacting, so the version makes them reject
    /// such a block instead.
    /// </summary>
    public const int HistogramVersion = 2;

    public const int CurrentVersion = HistogramVersion;

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
    public int Version { get; set; } = FloatVersion;

    public static BlockMeta Read(string path)
    {
        var meta = JsonSerializer.Deserialize<BlockMeta>(File.ReadAllBytes(path), JsonOptions)
            ?? throw new InvalidDataException($"Block metadata {path} is empty.");
        if (meta.Version is < FloatVersion or > CurrentVersion)
        {
            throw new InvalidDataException($"Block metadata {path} has version {meta.Version}, but this build reads versions {FloatVersion} to {CurrentVersion}. Open the data folder with a newer build, or move the block folder out of it.");
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
