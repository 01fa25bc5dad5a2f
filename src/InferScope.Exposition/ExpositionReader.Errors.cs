using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace InferScope.Exposition;

public ref partial struct ExpositionReader
{
    private const int MaxQuotedBytes = 40;
    private const int MaxLineTextBytes = 200;

    /// <summary>Raises the error for a violation that the validator found, if any.</summary>
    private readonly void Report(ValidationError error)
    {
        if (!error.IsError)
        {
            return;
        }

        var position = error.Site switch
        {
            ErrorSite.Labels => SeriesLabelsStart(),
            ErrorSite.Value => valueStart,
            ErrorSite.Timestamp => timestampStart,
            ErrorSite.Exemplar => exemplarStart,
            _ => nameStart,
        };
        if (error.Site == ErrorSite.PreviousSample)
        {
            var validator = state.Validator;
            var start = validator.GroupLastLineStart;
            var end = input[start..].IndexOf((byte)'\n');
            Throw(validator.GroupLastLine, start, end < 0 ? input.Length : start + end, start, error.Expected, error.Found);
        }

        Throw(lineNumber, lineStart, lineEnd, position, error.Expected, error.Found);
    }

    private readonly int SeriesLabelsStart()
    {
        var brace = input[nameStart..seriesEnd].IndexOf((byte)'{');
        return brace < 0 ? nameStart : nameStart + brace;
    }

    [DoesNotReturn]
    private readonly void ThrowAt(int position, string expected, string? found = null) =>
        Throw(lineNumber, lineStart, lineEnd, position, expected, found ?? DescribeAt(position));

    [DoesNotReturn]
    private readonly void ThrowMissingEof() =>
        Throw(
            lineNumber + (input.IsEmpty || input[^1] == (byte)'\n' ? 1 : 0),
            input.Length,
            input.Length,
            input.Length,
            "\"# EOF\" as the last line, because every OpenMetrics payload ends with it",
            "the end of the input");

    [DoesNotReturn]
    private readonly void ThrowInvalidUtf8()
    {
        var offset = 0;
        while (offset < input.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(input[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                break;
            }

            offset += consumed;
        }

        var start = input[..offset].LastIndexOf((byte)'\n') + 1;
        var end = input[offset..].IndexOf((byte)'\n');
        var line = input[..start].Count((byte)'\n') + 1;
        Throw(line, start, end < 0 ? input.Length : offset + end, offset, "valid UTF-8 text", $"the byte 0x{input[offset]:X2}");
    }

    [DoesNotReturn]
    private readonly void Throw(int line, int start, int end, int position, string expected, string found)
    {
        position = Math.Clamp(position, start, Math.Max(start, end));
        var column = CountChars(input[start..position]) + 1;
        var lineText = input[start..end];
        if (lineText.Length > MaxLineTextBytes)
        {
            lineText = lineText[..MaxLineTextBytes];
        }

        throw new ExpositionParseException(line, column, found, expected, Encoding.UTF8.GetString(lineText));
    }

    private readonly string DescribeAt(int position)
    {
        if (position >= lineEnd)
        {
            return lineEnd == input.Length && nextLineStart >= input.Length ? "the end of the input" : "the end of the line";
        }

        var end = position;
        while (end < lineEnd && end - position < MaxQuotedBytes && !IsBlank(input[end]))
        {
            end++;
        }

        if (end == position)
        {
            return input[position] == (byte)' ' ? "a space" : "a tab";
        }

        return Quote(position, end);
    }

    private readonly string Quote(int start, int end) => $"\"{Encoding.UTF8.GetString(input[start..end])}\"";

    private static int CountChars(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}
