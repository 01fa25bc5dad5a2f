using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace InferScope.Engines;

/// <summary>
/// The finite bucket upper bounds of one unified histogram series, in the unified unit, with a short
/// fingerprint. Every bucket, <c>_sum</c> and <c>_count</c> sample of the series carries the
/// fingerprint in the <c>bucket_layout</c> label, so analysis can tell apart series whose quantiles
/// must not be subtracted or merged.
/// </summary>
/// <param name="Metric">The unified metric name.</param>
/// <param name="Id">The fingerprint, such as <c>b22-5e0c1f7a</c>: the number of finite bounds and a hash of them.</param>
/// <param name="Bounds">The finite upper bounds in ascending order. <c>+Inf</c> is implied.</param>
/// <param name="Engine">The engine whose buckets these are.</param>
/// <param name="SourceFamily">The source family the buckets were read from.</param>
public sealed record HistogramLayout(string Metric, string Id, IReadOnlyList<double> Bounds, EngineKind Engine, string SourceFamily)
{
    /// <summary>Returns the fingerprint of a bound list: <c>b{count}-{8 hex digits of XxHash32}</c>.</summary>
    public static string Fingerprint(ReadOnlySpan<double> bounds)
    {
        Span<byte> bytes = stackalloc byte[8];
        var hasher = new XxHash32();
        foreach (var bound in bounds)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, BitConverter.DoubleToInt64Bits(bound));
            hasher.Append(bytes);
        }

        var hash = hasher.GetCurrentHashAsUInt32();
        return string.Create(CultureInfo.InvariantCulture, $"b{bounds.Length}-{hash:x8}");
    }

    /// <summary>True when both layouts have exactly the same bounds.</summary>
    public bool SameBounds(HistogramLayout other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Bounds.SequenceEqual(other.Bounds);
    }
}
