using System.Globalization;

namespace InferScope.PromQL.Syntax;

/// <summary>Parses PromQL number literals: decimal, exponent, hexadecimal, digit separators, Inf and NaN.</summary>
public static class NumberText
{
    public static bool TryParse(string text, out double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text;
        var negative = false;
        if (s.StartsWith('+') || s.StartsWith('-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Equals("inf", StringComparison.OrdinalIgnoreCase) || s.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (s.Contains('_', StringComparison.Ordinal))
        {
            s = s.Replace("_", string.Empty, StringComparison.Ordinal);
        }

        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                value = negative ? -(double)hex : hex;
                return true;
            }

            value = 0;
            return false;
        }

        if (s.Length > 1 && s[0] == '0' && s.All(char.IsAsciiDigit))
        {
            var octal = 0UL;
            foreach (var c in s)
            {
                if (c > '7')
                {
                    octal = ulong.MaxValue;
                    break;
                }

                octal = (octal * 8) + (ulong)(c - '0');
            }

            if (octal != ulong.MaxValue)
            {
                value = negative ? -(double)octal : octal;
                return true;
            }
        }

        if (s.Length == 0 || !(char.IsAsciiDigit(s[0]) || s[0] == '.'))
        {
            value = 0;
            return false;
        }

        if (double.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
        {
            value = negative ? -value : value;
            return true;
        }

        return false;
    }
}
