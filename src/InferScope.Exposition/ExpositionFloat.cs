using System.Globalization;

namespace InferScope.Exposition;

/// <summary>
/// Formats floats as Prometheus does (Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c>): the shortest
/// digits that parse back to the same double, in exponent form when the decimal exponent is below
/// -4 or at least 6 (<c>1e+06</c>, <c>1.5e-05</c>, <c>123456</c>), and <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
/// </summary>
public static class ExpositionFloat
{
    /// <summary>The longest output: a sign, 17 digits, a point and a four-character exponent fit in 32 bytes.</summary>
    public const int MaxLength = 32;

    /// <summary>Formats <paramref name="value"/> into <paramref name="destination"/> and returns the byte count written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="MaxLength"/>.</exception>
    public static int Format(double value, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MaxLength, nameof(destination));
        if (double.IsNaN(value))
        {
            return Copy("NaN"u8, destination);
        }

        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "+Inf"u8 : "-Inf"u8, destination);
        }

        if (value == 0)
        {
            return Copy(double.IsNegative(value) ? "-0"u8 : "0"u8, destination);
        }

        // .NET's "R" format gives the shortest round-trip digits; only the layout differs from Go.
        Span<byte> shortest = stackalloc byte[MaxLength];
        value.TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);
        Span<byte> digits = stackalloc byte[20];
        var digitCount = Decompose(shortest[..length], digits, out var exponent);
        var written = 0;
        if (value < 0)
        {
            destination[written++] = (byte)'-';
        }

        if (exponent < -4 || exponent >= 6)
        {
            destination[written++] = digits[0];
            if (digitCount > 1)
            {
                destination[written++] = (byte)'.';
                digits[1..digitCount].CopyTo(destination[written..]);
                written += digitCount - 1;
            }

            destination[written++] = (byte)'e';
            destination[written++] = exponent < 0 ? (byte)'-' : (byte)'+';
            var magnitude = Math.Abs(exponent);
            if (magnitude < 10)
            {
                destination[written++] = (byte)'0';
            }

            magnitude.TryFormat(destination[written..], out var exponentLength, default, CultureInfo.InvariantCulture);
            return written + exponentLength;
        }

        if (exponent < 0)
        {
            destination[written++] = (byte)'0';
            destination[written++] = (byte)'.';
            for (var i = -1; i > exponent; i--)
            {
                destination[written++] = (byte)'0';
            }

            digits[..digitCount].CopyTo(destination[written..]);
            return written + digitCount;
        }

        var integerDigits = exponent + 1;
        for (var i = 0; i < integerDigits; i++)
        {
            destination[written++] = i < digitCount ? digits[i] : (byte)'0';
        }

        if (digitCount > integerDigits)
        {
            destination[written++] = (byte)'.';
            digits[integerDigits..digitCount].CopyTo(destination[written..]);
            written += digitCount - integerDigits;
        }

        return written;
    }

    /// <summary>Formats <paramref name="value"/> as a string.</summary>
    public static string ToString(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var length = Format(value, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>
    /// Splits .NET round-trip output such as <c>-123.45</c> or <c>1.5E-05</c> into significant digits
    /// without leading or trailing zeros, and the decimal exponent of the first digit.
    /// </summary>
    private static int Decompose(ReadOnlySpan<byte> text, Span<byte> digits, out int exponent)
    {
        var count = 0;
        var pointPosition = -1;
        var leadingZeros = 0;
        var i = text[0] == (byte)'-' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'.')
            {
                pointPosition = count + leadingZeros;
            }
            else if (b is (byte)'E' or (byte)'e')
            {
                break;
            }
            else if (b == (byte)'0' && count == 0)
            {
                leadingZeros++;
            }
            else
            {
                digits[count++] = b;
            }
        }

        var scientificExponent = 0;
        if (i < text.Length)
        {
            int.TryParse(text[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out scientificExponent);
        }

        var integerLength = pointPosition < 0 ? count + leadingZeros : pointPosition;
        exponent = integerLength - leadingZeros - 1 + scientificExponent;
        while (count > 1 && digits[count - 1] == (byte)'0')
        {
            count--;
        }

        return count;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
