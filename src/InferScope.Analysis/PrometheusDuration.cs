using System.Globalization;
using System.Text;

namespace InferScope.Analysis;

/// <summary>
/// Prometheus durations such as <c>30s</c>, <c>1h30m</c> or <c>2d</c>: whole numbers with the
/// units y, w, d, h, m, s and ms, largest unit first, each at most once.
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

    /// <exception cref="FormatException">The text is not a Prometheus duration.</exception>
    public static TimeSpan Parse(string text)
    {
        if (!TryParse(text, out var value))
        {
            throw new FormatException(
                $"Invalid duration \"{text}\": expected whole numbers with units in order y, w, d, h, m, s, ms, such as 30s or 1h30m.");
        }

        return value;
    }

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        long total = 0;
        var nextUnit = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetterLower(text[i]))
            {
                i++;
            }

            var unit = text.AsSpan(unitStart, i - unitStart);
            var index = -1;
            for (var u = nextUnit; u < Units.Length; u++)
            {
                if (unit.SequenceEqual(Units[u].Unit))
                {
                    index = u;
                    break;
                }
            }

            if (index < 0)
            {
                return false;
            }

            nextUnit = index + 1;
            total = checked(total + (number * Units[index].Milliseconds));
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Formats a duration the way Prometheus prints it, for example <c>1h30m</c>; zero is <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var remaining = (long)duration.TotalMilliseconds;
        if (remaining == 0)
        {
            return "0s";
        }

        var builder = new StringBuilder();
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
                builder.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                remaining -= count * milliseconds;
            }
        }

        return builder.ToString();
    }
}
