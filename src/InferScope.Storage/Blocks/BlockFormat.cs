namespace InferScope.Storage.Blocks;

/// <summary>File names, magic numbers and limits of the block format described in docs/format/blocks.md.</summary>
internal static class BlockFormat
{
    public const string MetaFile = "meta.json";
    public const string IndexFile = "index";
    public const string ChunksFolder = "chunks";

    /// <summary>"ISIX" in ASCII, big-endian: the first four bytes of an index file.</summary>
    public const uint IndexMagic = 0x49534958;

    /// <summary>"ISCK" in ASCII, big-endian: the first four bytes of a chunks file.</summary>
    public const uint ChunksMagic = 0x4953434B;

    public const byte FormatVersion = 1;

    public const int FileHeaderBytes = 8;

    /// <summary>The index ends with six 64-bit section offsets and counts and a CRC-32C of them.</summary>
    public const int IndexTrailerBytes = (6 * 8) + 4;

    /// <summary>A chunks file is closed and the next one started beyond this size.</summary>
    public const long MaxChunksFileBytes = 512L * 1024 * 1024;

    public static string ChunksFileName(int number) => number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
