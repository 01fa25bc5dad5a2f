using System.Globalization;
using System.Text;

namespace InferScope.PromQL.Syntax;

/// <summary>Reads and writes Prometheus durations such as <c>1h30m</c> and <c>250ms</c>.</summary>
public static class DurationText
{
    /// <summary>Parses a duration made of integer and unit pairs, largest unit first; "0" is allowed.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long milliseconds)
    {
        milliseconds = 0;
        if (text.SequenceEqual("0"))
        {
            return true;
        }

        if (text.IsEmpty)
        {
            return false;
        }

        var lastRank = int.MaxValue;
        var i = 0;
        while (i < text.Length)
        {
            var digitsStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == digitsStart || i >= text.Length)
            {
                return false;
            }

            if (!long.TryParse(text[digitsStart..i], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return false;
            }

            long unit;
            int rank;
            if (text[i] == 'm' && i + 1 < text.Length && text[i + 1] == 's')
            {
                unit = 1;
                rank = 0;
                i += 2;
            }
            else
            {
                (unit, rank) = text[i] switch
                {
                    's' => (1000L, 1),
                    'm' => (60_000L, 2),
                    'h' => (3_600_000L, 3),
                    'd' => (86_400_000L, 4),
                    'w' => (604_800_000L, 5),
                    'y' => (31_536_000_000L, 6),
                    _ => (0L, -1),
                };
                if (rank < 0)
                {
                    return false;
                }

                i++;
            }

            if (rank >= lastRank)
            {
                return false;
            }

            lastRank = rank;
            try
            {
                milliseconds = checked(milliseconds + checked(count * unit));
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Formats milliseconds the way Prometheus prints a duration: <c>1h30m</c>, <c>0s</c>.</summary>
    public static string Format(long milliseconds)
    {
        if (milliseconds == 0)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (milliseconds < 0)
        {
            builder.Append('-');
            milliseconds = -milliseconds;
        }

        (long Size, string Unit)[] units =
        [
            (31_536_000_000L, "y"), (604_800_000L, "w"), (86_400_000L, "d"), (3_600_000L, "h"), (60_000L, "m"), (1000L, "s"), (1L, "ms"),
        ];
        foreach (var (size, unit) in units)
        {
            var count = milliseconds / size;
            if (count > 0)
            {
                builder.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                milliseconds -= count * size;
            }
        }

        return builder.ToString();
    }
}
