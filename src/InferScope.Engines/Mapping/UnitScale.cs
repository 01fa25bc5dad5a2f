namespace InferScope.Engines.Mapping;

/// <summary>
/// A unit conversion applied to values, histogram bucket bounds and sums. Divisions stay divisions
/// so that, for example, 15 ms becomes exactly the double nearest 0.015 s.
/// </summary>
public readonly record struct UnitScale(double Factor, bool Divide, string Description)
{
    public static UnitScale None { get; } = new(1, false, "");

    public static UnitScale MillisecondsToSeconds { get; } = new(1e3, true, "ms → s");

    public static UnitScale MicrosecondsToSeconds { get; } = new(1e6, true, "µs → s");

    public static UnitScale PercentToRatio { get; } = new(100, true, "percent → ratio");

    public static UnitScale MebibytesToBytes { get; } = new(1024 * 1024, false, "MiB → bytes");

    public static UnitScale MillijoulesToJoules { get; } = new(1e3, true, "mJ → J");

    public static UnitScale MegahertzToHertz { get; } = new(1e6, false, "MHz → Hz");

    public static UnitScale GigabytesToBytes { get; } = new(1e9, false, "GB → bytes");

    public bool IsIdentity => Factor == 1;

    public double Apply(double value) => Divide ? value / Factor : value * Factor;
}
