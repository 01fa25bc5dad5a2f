using System.Globalization;
using System.Text;

namespace InferScope.Simulation.Metrics;

/// <summary>Formats sample values the way each exporter's library does; see <see cref="FloatStyle"/>.</summary>
public static class FloatText
{
    public static string Format(double value, FloatStyle style)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        return style switch
        {
            FloatStyle.FixedSix => value.ToString("F6", CultureInfo.InvariantCulture),
            FloatStyle.Integer => Math.Round(value).ToString("F0", CultureInfo.InvariantCulture),
            _ => FormatShortest(value, style),
        };
    }

    private static string FormatShortest(double value, FloatStyle style)
    {
        if (value == 0)
        {
            return style == FloatStyle.Python ? "0.0" : "0";
        }

        var (negative, digits, pointPosition) = Decompose(value);
        var exponent = pointPosition - 1;
        var useExponent = style switch
        {
            // repr() switches at 1e16; prometheus_client switches once the integer part has 7+ digits.
            FloatStyle.Python => exponent < -4 || exponent >= 16 || (value > 0 && exponent >= 6),
            // strconv.FormatFloat(v, 'g', -1, 64) decides with a precision of 6 when printing shortest digits.
            FloatStyle.Go => exponent < -4 || exponent >= 6,
            _ => false,
        };

        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        if (useExponent)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }

            builder.Append('e').Append(exponent < 0 ? '-' : '+');
            builder.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
            return builder.ToString();
        }

        if (pointPosition <= 0)
        {
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            builder.Append(digits).Append('0', pointPosition - digits.Length);
            if (style == FloatStyle.Python)
            {
                builder.Append(".0");
            }
        }
        else
        {
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Splits a value into its shortest round-trip significant digits and the position of the
    /// decimal point: value = 0.DIGITS × 10^pointPosition.
    /// </summary>
    private static (bool Negative, string Digits, int PointPosition) Decompose(double value)
    {
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? text.Length : dot;
        var all = dot < 0 ? text : text.Remove(dot, 1);
        var leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        var digits = all[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        return (value < 0, digits, integerDigits - leadingZeros + exponent);
    }
}
