using System.Globalization;
using System.Text;
using InferScope.Model;

namespace InferScope.Analysis.Rules;

/// <summary>
/// The functions rule templates may call, with Prometheus's behavior: <c>humanize</c> (SI
/// prefixes), <c>humanize1024</c>, <c>humanizePercentage</c>, <c>humanizeDuration</c>,
/// <c>printf</c> (verbs s, d, f, e, g, v with width and precision), <c>toUpper</c>,
/// <c>toLower</c>, <c>title</c> and <c>index</c>.
/// </summary>
internal static class TemplateFunctions
{
    private static readonly string[] BigPrefixes = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
    private static readonly string[] SmallPrefixes = ["m", "u", "n", "p", "f", "a", "z", "y"];
    private static readonly string[] BinaryPrefixes = ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];

    public static IReadOnlyList<string> Names { get; } =
        ["humanize", "humanize1024", "humanizePercentage", "humanizeDuration", "printf", "toUpper", "toLower", "title", "index"];

    public static bool IsKnown(string name) => Names.Contains(name);

    public static object? Invoke(string name, List<object?> arguments)
    {
        switch (name)
        {
            case "printf":
                RequireAtLeast(name, arguments, 1);
                return Printf(AsString(arguments[0]), arguments.Skip(1).ToList());
            case "index":
                RequireCount(name, arguments, 2);
                return arguments[0] is Labels labels
                    ? labels.Get(AsString(arguments[1])) ?? string.Empty
                    : throw new TemplateException("index needs a label set as its first argument, such as index $labels \"instance\".");
        }

        RequireCount(name, arguments, 1);
        var argument = arguments[0];
        return name switch
        {
            "humanize" => Humanize(AsNumber(name, argument)),
            "humanize1024" => Humanize1024(AsNumber(name, argument)),
            "humanizePercentage" => FormatG(AsNumber(name, argument) * 100, 4) + "%",
            "humanizeDuration" => HumanizeDuration(AsNumber(name, argument)),
            "toUpper" => AsString(argument).ToUpperInvariant(),
            "toLower" => AsString(argument).ToLowerInvariant(),
            "title" => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(AsString(argument)),
            _ => throw new TemplateException($"Unknown template function \"{name}\"."),
        };
    }

    /// <summary>Formats a value for output the way Go's template engine prints it.</summary>
    public static string Print(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        double number => GoNumberFormat.FormatShortest(number),
        Labels labels => "map[" + string.Join(" ", labels.Select(l => l.Name + ":" + l.Value)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    public static string Humanize(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return FormatG(value, 4);
        }

        var prefix = string.Empty;
        if (Math.Abs(value) >= 1)
        {
            foreach (var candidate in BigPrefixes)
            {
                if (Math.Abs(value) < 1000)
                {
                    break;
                }

                prefix = candidate;
                value /= 1000;
            }
        }
        else
        {
            foreach (var candidate in SmallPrefixes)
            {
                if (Math.Abs(value) >= 1)
                {
                    break;
                }

                prefix = candidate;
                value *= 1000;
            }
        }

        return FormatG(value, 4) + prefix;
    }

    private static string Humanize1024(double value)
    {
        if (Math.Abs(value) <= 1 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return FormatG(value, 4);
        }

        var prefix = string.Empty;
        foreach (var candidate in BinaryPrefixes)
        {
            if (Math.Abs(value) < 1024)
            {
                break;
            }

            prefix = candidate;
            value /= 1024;
        }

        return FormatG(value, 4) + prefix;
    }

    public static string HumanizeDuration(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            return FormatG(seconds, 4);
        }

        if (seconds == 0)
        {
            return "0s";
        }

        if (Math.Abs(seconds) < 1)
        {
            var prefix = string.Empty;
            foreach (var candidate in SmallPrefixes)
            {
                if (Math.Abs(seconds) >= 1)
                {
                    break;
                }

                prefix = candidate;
                seconds *= 1000;
            }

            return FormatG(seconds, 4) + prefix + "s";
        }

        var sign = seconds < 0 ? "-" : string.Empty;
        seconds = Math.Abs(seconds);
        var days = (long)(seconds / 86400);
        var hours = (long)(seconds / 3600) % 24;
        var minutes = (long)(seconds / 60) % 60;
        var rest = seconds % 60;
        var builder = new StringBuilder(sign);
        if (days != 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{days}d ");
        }

        if (days != 0 || hours != 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{hours}h ");
        }

        if (days != 0 || hours != 0 || minutes != 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{minutes}m ");
        }

        builder.Append(FormatG(rest, 4)).Append('s');
        return builder.ToString();
    }

    /// <summary>Go's <c>%.Ng</c>: N significant digits, exponent form below 1e-4 or at 10^N and above.</summary>
    public static string FormatG(double value, int precision)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return GoNumberFormat.FormatShortest(value);
        }

        if (value == 0)
        {
            return "0";
        }

        var rounded = double.Parse(value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(rounded)));
        if (exponent < -4 || exponent >= precision)
        {
            var text = rounded.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var mantissa = text[..text.IndexOf('E', StringComparison.Ordinal)];
            if (mantissa.Contains('.', StringComparison.Ordinal))
            {
                mantissa = mantissa.TrimEnd('0').TrimEnd('.');
            }

            return mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }

        var decimals = Math.Max(0, precision - 1 - exponent);
        var fixedText = rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (fixedText.Contains('.', StringComparison.Ordinal))
        {
            fixedText = fixedText.TrimEnd('0').TrimEnd('.');
        }

        return fixedText;
    }

    private static string Printf(string format, List<object?> arguments)
    {
        var builder = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '%')
            {
                builder.Append('%');
                i++;
                continue;
            }

            var start = ++i;
            while (i < format.Length && (char.IsAsciiDigit(format[i]) || format[i] is '.' or '-' or '+'))
            {
                i++;
            }

            if (i >= format.Length)
            {
                throw new TemplateException($"printf format \"{format}\" ends inside a verb.");
            }

            var flags = format[start..i];
            var verb = format[i];
            if (next >= arguments.Count)
            {
                throw new TemplateException($"printf format \"{format}\" has more verbs than the {arguments.Count} arguments given.");
            }

            builder.Append(FormatVerb(verb, flags, arguments[next++], format));
        }

        return builder.ToString();
    }

    private static string FormatVerb(char verb, string flags, object? argument, string format)
    {
        var leftAlign = flags.StartsWith('-');
        var spec = flags.TrimStart('-', '+');
        var dot = spec.IndexOf('.', StringComparison.Ordinal);
        var width = dot == 0 || spec.Length == 0 ? 0 : int.Parse(dot < 0 ? spec : spec[..dot], CultureInfo.InvariantCulture);
        int? precision = null;
        if (dot >= 0)
        {
            precision = dot + 1 == spec.Length ? 0 : int.Parse(spec[(dot + 1)..], CultureInfo.InvariantCulture);
        }

        var text = verb switch
        {
            's' or 'v' => Print(argument),
            'd' => ((long)AsNumber("printf %d", argument)).ToString(CultureInfo.InvariantCulture),
            'f' or 'F' => AsNumber("printf %f", argument).ToString("F" + (precision ?? 6).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            'e' => FormatE(AsNumber("printf %e", argument), precision ?? 6),
            'g' => precision is null ? GoNumberFormat.FormatShortest(AsNumber("printf %g", argument)) : FormatG(AsNumber("printf %g", argument), Math.Max(1, precision.Value)),
            'q' => "\"" + Print(argument).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
            _ => throw new TemplateException($"printf verb %{verb} in \"{format}\" is not supported: use %s, %d, %f, %e, %g, %v or %q."),
        };
        if (text.Length < width)
        {
            text = leftAlign ? text.PadRight(width) : text.PadLeft(width);
        }

        return text;
    }

    private static string FormatE(double value, int precision)
    {
        var text = value.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(text.AsSpan(e + 1), CultureInfo.InvariantCulture);
        return text[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static double AsNumber(string function, object? value) => value switch
    {
        double number => number,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new TemplateException($"{function} needs a number but got \"{Print(value)}\"."),
    };

    private static string AsString(object? value) => Print(value);

    private static void RequireCount(string name, List<object?> arguments, int count)
    {
        if (arguments.Count != count)
        {
            throw new TemplateException($"{name} takes {count} argument(s) but got {arguments.Count}.");
        }
    }

    private static void RequireAtLeast(string name, List<object?> arguments, int count)
    {
        if (arguments.Count < count)
        {
            throw new TemplateException($"{name} takes at least {count} argument(s) but got {arguments.Count}.");
        }
    }
}
