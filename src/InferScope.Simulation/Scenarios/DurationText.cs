using System.Globalization;

namespace InferScope.Simulation.Scenarios;

/// <summary>Parses durations written as Prometheus does: <c>90s</c>, <c>15m</c>, <c>6h</c>, <c>1d</c>, <c>1h30m</c>, <c>500ms</c>.</summary>
public static class DurationText
{
    /// <summary>Returns the duration in seconds.</summary>
    /// <exception cref="FormatException">The text is not a duration.</exception>
    public static double ParseSeconds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            throw new FormatException("Empty duration. Write a number with a unit: 500ms, 90s, 15m, 6h or 1d.");
        }

        double total = 0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            var units = digits;
            while (units < span.Length && char.IsAsciiLetter(span[units]))
            {
                units++;
            }

            if (digits == 0 || units == digits
                || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"Invalid duration \"{text}\". Write a number with a unit: 500ms, 90s, 15m, 6h or 1d.");
            }

            total += span[digits..units] switch
            {
                "ms" => value / 1000,
                "s" => value,
                "m" => value * 60,
                "h" => value * 3600,
                "d" => value * 86400,
                _ => throw new FormatException(
                    $"Invalid unit \"{span[digits..units].ToString()}\" in duration \"{text}\". Use ms, s, m, h or d."),
            };
            span = span[units..];
        }

        return total;
    }
}
