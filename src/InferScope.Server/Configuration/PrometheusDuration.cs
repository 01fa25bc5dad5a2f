namespace InferScope.Server.Configuration;

/// <summary>
/// Durations in Prometheus's syntax: whole numbers with the Units <c>y w d h m s ms</c>, largest unit
/// first, each at most once (<c>1h30m</c>, <c>15s</c>, <c>2w</c>). A year is 365 days, as in Prometheus.
/// </summary>
public static class PrometheusDuration
{
    private static readonly (string Unit, long Milliseconds)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000),
        ("w", 7L * 24 * 3600 * 1000),
        ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000),
        ("m", 60L * 1000),
        ("s", 1000L),
        ("ms", 1L),
    ];

    /// <summary>Parses a duration such as <c>1h30m</c>; <c>0</c> alone is zero.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.SequenceEqual("0"))
        {
            return true;
        }

        if (text.IsEmpty)
        {
            return false;
        }

        long total = 0;
        var nextUnit = 0;
        while (!text.IsEmpty)
        {
            var digits = 0;
            while (digits < text.Length && char.IsAsciiDigit(text[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > 15)
            {
                return false;
            }

            var number = long.Parse(text[..digits], System.Globalization.CultureInfo.InvariantCulture);
            text = text[digits..];
            var unitIndex = MatchUnit(text, nextUnit);
            if (unitIndex < 0)
            {
                return false;
            }

            var (unit, milliseconds) = Units[unitIndex];
            text = text[unit.Length..];
            try
            {
                total = checked(total + checked(number * milliseconds));
            }
            catch (OverflowException)
            {
                return false;
            }

            nextUnit = unitIndex + 1;
        }

        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Formats a duration the way Prometheus prints one: <c>1h30m</c>, <c>15s</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var remaining = (long)duration.TotalMilliseconds;
        if (remaining == 0)
        {
            return "0s";
        }

        var builder = new System.Text.StringBuilder();
        if (remaining < 0)
        {
            builder.Append('-');
            remaining = -remaining;
        }

        foreach (var (unit, milliseconds) in Units)
        {
            var count = remaining / milliseconds;
            if (count > 0)
            {
                builder.Append(count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(unit);
                remaining -= count * milliseconds;
            }
        }

        return builder.ToString();
    }

    private static int MatchUnit(ReadOnlySpan<char> text, int firstAllowed)
    {
        // "ms" has to be tried before "m", so a longer unit wins when both match.
        if (firstAllowed <= 6 && text.StartsWith("ms"))
        {
            return 6;
        }

        for (var i = firstAllowed; i < Units.Length - 1; i++)
        {
            if (text.StartsWith(Units[i].Unit))
            {
                return i;
            }
        }

        return -1;
    }
}
