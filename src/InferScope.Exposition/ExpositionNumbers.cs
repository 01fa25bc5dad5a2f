using System.Globalization;
using System.Text;

namespace InferScope.Exposition;

/// <summary>Number syntax shared by both text formats, checked on UTF-8 bytes.</summary>
internal static class ExpositionNumbers
{
    /// <summary>
    /// Parses a sample value: a decimal float with optional sign, fraction and exponent, or the words
    /// <c>NaN</c>, <c>Inf</c> and <c>Infinity</c> in any letter case with an optional sign on the infinities.
    /// Hexadecimal floats, digit separators and other bases are rejected.
    /// </summary>
    public static bool TryParseValue(ReadOnlySpan<byte> text, out double value)
    {
        if (TryParseSmallInteger(text, out value))
        {
            return true;
        }

        if (IsDecimalFloat(text))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        return TryParseSpecial(text, out value);
    }

    /// <summary>Parses a decimal float without NaN or infinities, as OpenMetrics timestamps are written.</summary>
    public static bool TryParseFiniteDecimal(ReadOnlySpan<byte> text, out double value)
    {
        if (TryParseSmallInteger(text, out value))
        {
            return true;
        }

        value = 0;
        return IsDecimalFloat(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    /// <summary>Parses a signed decimal integer of milliseconds, as the Prometheus text format writes timestamps.</summary>
    public static bool TryParseMilliseconds(ReadOnlySpan<byte> text, out long milliseconds)
    {
        milliseconds = 0;
        var negative = false;
        var i = 0;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        if (i == text.Length)
        {
            return false;
        }

        long result = 0;
        for (; i < text.Length; i++)
        {
            var digit = text[i] - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            // Accumulate as a negative number so that long.MinValue stays representable.
            if (result < (long.MinValue + digit) / 10)
            {
                return false;
            }

            result = (result * 10) - digit;
        }

        if (!negative)
        {
            if (result == long.MinValue)
            {
                return false;
            }

            result = -result;
        }

        milliseconds = result;
        return true;
    }

    /// <summary>Converts seconds to whole milliseconds, rounding to nearest and saturating at the range of <see cref="long"/>.</summary>
    public static long SecondsToMilliseconds(double seconds)
    {
        var milliseconds = Math.Round(seconds * 1000.0, MidpointRounding.AwayFromZero);

        // NOTE: timestamps past the year 292,278,994 saturate instead of failing, so that a
        // syntactically valid payload is never rejected for its range.
        if (milliseconds >= 9.2233720368547758E18)
        {
            return long.MaxValue;
        }

        return milliseconds <= -9.2233720368547758E18 ? long.MinValue : (long)milliseconds;
    }

    private static bool TryParseSmallInteger(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 15)
        {
            return false;
        }

        long result = 0;
        foreach (var b in text)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        value = result;
        return true;
    }

    private static bool IsDecimalFloat(ReadOnlySpan<byte> text)
    {
        var i = 0;
        if (i < text.Length && (text[i] == (byte)'+' || text[i] == (byte)'-'))
        {
            i++;
        }

        var mantissaDigits = CountDigits(text, ref i);
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            mantissaDigits += CountDigits(text, ref i);
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < text.Length && (text[i] == (byte)'e' || text[i] == (byte)'E'))
        {
            i++;
            if (i < text.Length && (text[i] == (byte)'+' || text[i] == (byte)'-'))
            {
                i++;
            }

            if (CountDigits(text, ref i) == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static int CountDigits(ReadOnlySpan<byte> text, ref int i)
    {
        var start = i;
        while (i < text.Length && (uint)(text[i] - (byte)'0') <= 9)
        {
            i++;
        }

        return i - start;
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.Length is < 3 or > 9)
        {
            return false;
        }

        if (Ascii.EqualsIgnoreCase(text, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        var sign = 1.0;
        var word = text;
        if (word[0] == (byte)'+' || word[0] == (byte)'-')
        {
            sign = word[0] == (byte)'-' ? -1.0 : 1.0;
            word = word[1..];
        }

        if (Ascii.EqualsIgnoreCase(word, "inf"u8) || Ascii.EqualsIgnoreCase(word, "infinity"u8))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        return false;
    }
}
