using System.Security.Cryptography;

namespace InferScope.Storage.Blocks;

/// <summary>
/// Block folder names: 26 characters of Crockford base32 holding a 48-bit millisecond creation
/// time and 80 random bits, the ULID layout Prometheus uses, so names sort by creation time.
/// </summary>
internal static class BlockId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        var time = (ulong)now.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(time >> (8 * (5 - i)));
        }

        RandomNumberGenerator.Fill(bytes[6..]);
        Span<char> chars = stackalloc char[26];

        // 128 bits are read as 26 groups of 5 bits, the first group holding only the top 3 bits.
        var value = new UInt128(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }

    public static bool IsValid(string name) =>
        name.Length == 26 && name.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
