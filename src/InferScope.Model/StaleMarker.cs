namespace InferScope.Model;

/// <summary>
/// The staleness marker: a NaN with the bit pattern 0x7ff0000000000002, the same one Prometheus
/// writes when a series disappears. It is distinct from the NaN a target can expose, and must be
/// compared by bits, never with <see cref="double.IsNaN(double)"/> alone.
/// </summary>
public static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002UL;

    public static double Value { get; } = BitConverter.UInt64BitsToDouble(Bits);

    public static bool IsStale(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
