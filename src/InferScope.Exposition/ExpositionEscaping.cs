using System.Text;

namespace InferScope.Exposition;

/// <summary>
/// Backslash escapes of the text formats. Label values escape <c>\\</c>, <c>\"</c> and <c>\n</c>;
/// HELP text escapes <c>\\</c> and <c>\n</c>, and also <c>\"</c> in OpenMetrics. A backslash before
/// any other character is kept as written, as Prometheus 2.42 does.
/// </summary>
internal static class ExpositionEscaping
{
    /// <summary>Unescapes a raw label value into <paramref name="destination"/>, which must be at least as long; returns the length written.</summary>
    public static int UnescapeLabelValue(ReadOnlySpan<byte> raw, Span<byte> destination) =>
        Unescape(raw, destination, unescapeQuote: true);

    /// <summary>Unescapes raw HELP text.</summary>
    public static string UnescapeHelp(ReadOnlySpan<byte> raw, bool openMetrics)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var buffer = raw.Length <= 1024 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var length = Unescape(raw, buffer, unescapeQuote: openMetrics);
        return Encoding.UTF8.GetString(buffer[..length]);
    }

    private static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination, bool unescapeQuote)
    {
        var written = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length)
            {
                var next = raw[i + 1];
                if (next == (byte)'\\' || (next == (byte)'"' && unescapeQuote))
                {
                    destination[written++] = next;
                    i++;
                    continue;
                }

                if (next == (byte)'n')
                {
                    destination[written++] = (byte)'\n';
                    i++;
                    continue;
                }
            }

            destination[written++] = b;
        }

        return written;
    }
}
