using System.Globalization;
using System.Text;

namespace InferScope.PromQL.Syntax;

/// <summary>
/// Splits a query into tokens. Comments run from <c>#</c> to the end of the line. Numbers and
/// durations are told apart by a trailing unit; strings are unescaped with Go's rules.
/// </summary>
internal sealed class Lexer
{
    private readonly string text;
    private int pos;

    public Lexer(string text)
    {
        this.text = text;
    }

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    private ParseException Error(int at, string reason) => new(text, at, reason);

    private Token Next()
    {
        SkipSpaceAndComments();
        if (pos >= text.Length)
        {
            return new Token(TokenKind.End, string.Empty, pos);
        }

        var start = pos;
        var c = text[pos];
        switch (c)
        {
            case '(': pos++; return new Token(TokenKind.LeftParen, "(", start);
            case ')': pos++; return new Token(TokenKind.RightParen, ")", start);
            case '{': pos++; return new Token(TokenKind.LeftBrace, "{", start);
            case '}': pos++; return new Token(TokenKind.RightBrace, "}", start);
            case '[': pos++; return new Token(TokenKind.LeftBracket, "[", start);
            case ']': pos++; return new Token(TokenKind.RightBracket, "]", start);
            case ',': pos++; return new Token(TokenKind.Comma, ",", start);
            case ':': pos++; return new Token(TokenKind.Colon, ":", start);
            case '@': pos++; return new Token(TokenKind.At, "@", start);
            case '+': pos++; return new Token(TokenKind.Add, "+", start);
            case '-': pos++; return new Token(TokenKind.Sub, "-", start);
            case '*': pos++; return new Token(TokenKind.Mul, "*", start);
            case '/': pos++; return new Token(TokenKind.Div, "/", start);
            case '%': pos++; return new Token(TokenKind.Mod, "%", start);
            case '^': pos++; return new Token(TokenKind.Pow, "^", start);
            case '=':
                pos++;
                if (Peek('=')) { pos++; return new Token(TokenKind.Eql, "==", start); }
                if (Peek('~')) { pos++; return new Token(TokenKind.RegexMatch, "=~", start); }
                return new Token(TokenKind.Assign, "=", start);
            case '!':
                pos++;
                if (Peek('=')) { pos++; return new Token(TokenKind.Neq, "!=", start); }
                if (Peek('~')) { pos++; return new Token(TokenKind.RegexNotMatch, "!~", start); }
                throw Error(start, "unexpected character after '!': " + Describe(pos));
            case '<':
                pos++;
                if (Peek('=')) { pos++; return new Token(TokenKind.Lte, "<=", start); }
                if (Peek('/')) { pos++; return new Token(TokenKind.TrimUpper, "</", start); }
                return new Token(TokenKind.Lss, "<", start);
            case '>':
                pos++;
                if (Peek('=')) { pos++; return new Token(TokenKind.Gte, ">=", start); }
                if (Peek('/')) { pos++; return new Token(TokenKind.TrimLower, ">/", start); }
                return new Token(TokenKind.Gtr, ">", start);
            case '"' or '\'' or '`':
                return LexString();
            default:
                break;
        }

        if (char.IsAsciiDigit(c) || (c == '.' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1])))
        {
            return LexNumberOrDuration();
        }

        if (char.IsAsciiLetter(c) || c == '_' || c == ':')
        {
            while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '_' or ':'))
            {
                pos++;
            }

            var word = text[start..pos];
            if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("nan", StringComparison.OrdinalIgnoreCase))
            {
                return new Token(TokenKind.Number, word, start);
            }

            return new Token(TokenKind.Identifier, word, start);
        }

        throw Error(start, $"unexpected character: {Describe(start)}");
    }

    private string Describe(int at) => at < text.Length ? $"'{text[at]}'" : "end of input";

    private bool Peek(char c) => pos < text.Length && text[pos] == c;

    private void SkipSpaceAndComments()
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            if (char.IsWhiteSpace(c))
            {
                pos++;
            }
            else if (c == '#')
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private Token LexNumberOrDuration()
    {
        var start = pos;
        if (text[pos] == '0' && pos + 1 < text.Length && text[pos + 1] is 'x' or 'X')
        {
            pos += 2;
            while (pos < text.Length && (char.IsAsciiHexDigit(text[pos]) || text[pos] == '_'))
            {
                pos++;
            }

            EnsureNumberEnd(start);
            return new Token(TokenKind.Number, text[start..pos], start);
        }

        ScanDigits();
        var integer = true;
        if (Peek('.'))
        {
            integer = false;
            pos++;
            ScanDigits();
        }

        if (pos < text.Length && text[pos] is 'e' or 'E' && LooksLikeExponent(pos))
        {
            integer = false;
            pos++;
            if (pos < text.Length && text[pos] is '+' or '-')
            {
                pos++;
            }

            ScanDigits();
        }

        if (integer && pos < text.Length && IsUnitStart(pos))
        {
            pos = start;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                while (pos < text.Length && char.IsAsciiDigit(text[pos]))
                {
                    pos++;
                }

                if (!IsUnitStart(pos))
                {
                    throw Error(start, $"bad number or duration syntax: \"{text[start..pos]}\"");
                }

                pos += text[pos] == 'm' && pos + 1 < text.Length && text[pos + 1] == 's' ? 2 : 1;
            }

            EnsureNumberEnd(start);
            return new Token(TokenKind.Duration, text[start..pos], start);
        }

        EnsureNumberEnd(start);
        return new Token(TokenKind.Number, text[start..pos], start);
    }

    private bool LooksLikeExponent(int at)
    {
        var next = at + 1;
        if (next < text.Length && text[next] is '+' or '-')
        {
            next++;
        }

        return next < text.Length && char.IsAsciiDigit(text[next]);
    }

    private bool IsUnitStart(int at) => at < text.Length && text[at] is 's' or 'm' or 'h' or 'd' or 'w' or 'y';

    private void ScanDigits()
    {
        while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || (text[pos] == '_' && pos + 1 < text.Length && char.IsAsciiDigit(text[pos + 1]) && pos > 0 && char.IsAsciiDigit(text[pos - 1]))))
        {
            pos++;
        }
    }

    private void EnsureNumberEnd(int start)
    {
        if (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '_' or '.'))
        {
            var end = pos;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '.'))
            {
                end++;
            }

            throw Error(start, $"bad number or duration syntax: \"{text[start..end]}\"");
        }
    }

    private Token LexString()
    {
        var start = pos;
        var quote = text[pos++];
        if (quote == '`')
        {
            var close = text.IndexOf('`', pos);
            if (close < 0)
            {
                throw Error(start, "unterminated raw string");
            }

            var raw = text[pos..close];
            pos = close + 1;
            return new Token(TokenKind.String, raw, start);
        }

        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (pos >= text.Length || text[pos] == '\n')
            {
                throw Error(start, "unterminated quoted string");
            }

            var c = text[pos];
            if (c == quote)
            {
                pos++;
                break;
            }

            if (c != '\\')
            {
                if (Rune.DecodeFromUtf16(text.AsSpan(pos), out var rune, out _) != System.Buffers.OperationStatus.Done)
                {
                    throw Error(pos, $"invalid quoted string: unpaired UTF-16 surrogate U+{(int)c:X4}");
                }

                var n = rune.EncodeToUtf8(utf8);
                for (var i = 0; i < n; i++)
                {
                    bytes.Add(utf8[i]);
                }

                pos += rune.Utf16SequenceLength;
                continue;
            }

            pos++;
            if (pos >= text.Length)
            {
                throw Error(start, "unterminated quoted string");
            }

            var e = text[pos++];
            switch (e)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"' or '\'':
                    if (e != quote)
                    {
                        throw Error(pos - 2, "unknown escape sequence");
                    }

                    bytes.Add((byte)e);
                    break;
                case 'x':
                    bytes.Add((byte)ReadHex(2));
                    break;
                case 'u' or 'U':
                    {
                        var code = ReadHex(e == 'u' ? 4 : 8);
                        if (code > 0x10FFFF || (code >= 0xD800 && code < 0xE000))
                        {
                            throw Error(pos, "escape sequence is an invalid Unicode code point");
                        }

                        var n = new Rune(code).EncodeToUtf8(utf8);
                        for (var i = 0; i < n; i++)
                        {
                            bytes.Add(utf8[i]);
                        }

                        break;
                    }

                case >= '0' and <= '7':
                    {
                        var value = e - '0';
                        for (var i = 0; i < 2; i++)
                        {
                            if (pos >= text.Length || text[pos] is < '0' or > '7')
                            {
                                throw Error(pos, "unknown escape sequence");
                            }

                            value = (value * 8) + (text[pos++] - '0');
                        }

                        if (value > 255)
                        {
                            throw Error(pos, "octal escape value > 255");
                        }

                        bytes.Add((byte)value);
                        break;
                    }

                default:
                    throw Error(pos - 2, "unknown escape sequence");
            }
        }

        return new Token(TokenKind.String, DecodeEscaped(bytes.ToArray()), start);
    }

    /// <summary>
    /// Decodes UTF-8, keeping each byte of an invalid sequence as the lone surrogate U+DC00 + byte,
    /// so that messages can show the byte as Prometheus does (<c>\xc5</c>) and label checks reject it.
    /// </summary>
    private static string DecodeEscaped(byte[] bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        var span = bytes.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(span, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                builder.Append(rune.ToString());
                span = span[consumed..];
                continue;
            }

            builder.Append((char)(0xDC00 + span[0]));
            span = span[1..];
        }

        return builder.ToString();
    }

    private int ReadHex(int digits)
    {
        if (pos + digits > text.Length)
        {
            throw Error(pos, "unterminated quoted string");
        }

        var part = text.AsSpan(pos, digits);
        if (!int.TryParse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(pos, "unknown escape sequence");
        }

        pos += digits;
        return value;
    }
}
