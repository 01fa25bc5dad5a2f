using System.Globalization;
using System.Text;

namespace InferScope.Analysis;

/// <summary>
/// Float formatting that matches Go's <c>strconv.FormatFloat</c> with the shortest precision, so
/// template output and API values read the same as Prometheus's.
/// </summary>
internal static class GoNumberFormat
{
    /// <summary>Formats like Go's <c>%v</c> (verb g, shortest): <c>0.5</c>, <c>123456</c>, <c>1e+06</c>.</summary>
    public static string FormatShortest(double value)
    {
        if (TryFormatSpecial(value, out var special))
        {
            return special;
        }

        var (negative, digits, pointPosition) = Decompose(value);
        var exponent = pointPosition - 1;

        // Go switches to the exponent form below 1e-4 and at or above 1e+06 in shortest mode.
        if (exponent < -4 || exponent >= 6)
        {
            return FormatExponent(negative, digits, exponent);
        }

        return FormatFixed(negative, digits, pointPosition);
    }

    /// <summary>Formats like Go's <c>strconv.FormatFloat(v, 'e', -1, 64)</c>: <c>1e+00</c>, <c>2.5e-03</c>.</summary>
    public static string FormatExponentShortest(double value)
    {
        if (TryFormatSpecial(value, out var special))
        {
            return special;
        }

        var (negative, digits, pointPosition) = Decompose(value);
        return FormatExponent(negative, digits, pointPosition - 1);
    }

    private static bool TryFormatSpecial(double value, out string text)
    {
        text = double.IsNaN(value) ? "NaN"
            : double.IsPositiveInfinity(value) ? "+Inf"
            : double.IsNegativeInfinity(value) ? "-Inf"
            : string.Empty;
        return text.Length > 0;
    }

    /// <summary>Splits a finite value into its shortest round-trip digits and the decimal point's position.</summary>
    private static (bool Negative, string Digits, int PointPosition) Decompose(double value)
    {
        if (value == 0)
        {
            return (double.IsNegative(value), "0", 1);
        }

        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentIndex = roundTrip.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentIndex < 0 ? roundTrip : roundTrip[..exponentIndex];
        var exponent = exponentIndex < 0 ? 0 : int.Parse(roundTrip.AsSpan(exponentIndex + 1), CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var fraction = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var allDigits = integerPart + fraction;
        var pointPosition = integerPart.Length + exponent;
        var leadingZeros = 0;
        while (leadingZeros < allDigits.Length - 1 && allDigits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        var digits = allDigits[leadingZeros..].TrimEnd('0');
        return (value < 0, digits.Length == 0 ? "0" : digits, pointPosition - leadingZeros);
    }

    private static string FormatExponent(bool negative, string digits, int exponent)
    {
        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        builder.Append(digits[0]);
        if (digits.Length > 1)
        {
            builder.Append('.').Append(digits, 1, digits.Length - 1);
        }

        builder.Append('e').Append(exponent < 0 ? '-' : '+');
        var magnitude = Math.Abs(exponent);
        if (magnitude < 10)
        {
            builder.Append('0');
        }

        builder.Append(magnitude.ToString(CultureInfo.InvariantCulture));
        return builder.ToString();
    }

    private static string FormatFixed(bool negative, string digits, int pointPosition)
    {
        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        if (pointPosition <= 0)
        {
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            builder.Append(digits).Append('0', pointPosition - digits.Length);
        }
        else
        {
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }

        return builder.ToString();
    }
}
