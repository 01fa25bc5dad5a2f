using System.Buffers;
using System.Globalization;
using System.Text;

namespace InferScope.Exposition;

/// <summary>Appends UTF-8 text to an <see cref="IBufferWriter{T}"/> without intermediate strings.</summary>
internal readonly ref struct Utf8TextWriter
{
    private readonly IBufferWriter<byte> output;

    public Utf8TextWriter(IBufferWriter<byte> output)
    {
        this.output = output;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }

    public void WriteString(string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>Writes text with backslash, newline and, when <paramref name="escapeQuote"/> is set, double quote escaped.</summary>
    public void WriteEscaped(string text, bool escapeQuote)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var index = escapeQuote ? rest.IndexOfAny('\\', '\n', '"') : rest.IndexOfAny('\\', '\n');
            var plain = index < 0 ? rest : rest[..index];
            if (!plain.IsEmpty)
            {
                var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(plain.Length));
                output.Advance(Encoding.UTF8.GetBytes(plain, span));
            }

            if (index < 0)
            {
                return;
            }

            Write(rest[index] switch
            {
                '\\' => "\\\\"u8,
                '\n' => "\\n"u8,
                _ => "\\\""u8,
            });
            rest = rest[(index + 1)..];
        }
    }

    public void WriteFloat(double value)
    {
        var span = output.GetSpan(ExpositionFloat.MaxLength);
        output.Advance(ExpositionFloat.Format(value, span));
    }

    public void WriteInteger(long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    public void WriteUnsigned(ulong value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }
}
