using System.Globalization;
using System.Text;

namespace InferScope.Ingestion.Scraping;

/// <summary>
/// Escapes control characters in text that quotes a target's bytes, such as a scrape error, so a
/// payload cannot send terminal escape sequences or forge lines into logs and the targets API.
/// </summary>
public static class ControlCharacters
{
    /// <summary>
    /// Returns <paramref name="text"/> with every control character (C0, DEL and C1) written as an
    /// escape: <c>\n</c>, <c>\r</c>, <c>\t</c>, else <c>\xHH</c>. A backslash stays as it is.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n':
                    escaped.Append("\\n");
                    break;
                case '\r':
                    escaped.Append("\\r");
                    break;
                case '\t':
                    escaped.Append("\\t");
                    break;
                case var other when char.IsControl(other):
                    escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)other:x2}");
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }
}
