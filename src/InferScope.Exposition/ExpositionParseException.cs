namespace InferScope.Exposition;

/// <summary>
/// Raised when an exposition payload is malformed. The message names the line and column (both
/// 1-based, the column counted in characters), what was found there and what was expected.
/// </summary>
public sealed class ExpositionParseException : FormatException
{
    public ExpositionParseException()
        : this("The exposition payload is malformed.")
    {
    }

    public ExpositionParseException(string message)
        : base(message)
    {
        Found = string.Empty;
        Expected = string.Empty;
    }

    public ExpositionParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Found = string.Empty;
        Expected = string.Empty;
    }

    public ExpositionParseException(int line, int column, string found, string expected, string lineText)
        : base(FormatMessage(line, column, found, expected, lineText))
    {
        Line = line;
        Column = column;
        Found = found;
        Expected = expected;
    }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error, in characters.</summary>
    public int Column { get; }

    /// <summary>What the parser found at the error position, such as a token or "end of line".</summary>
    public string Found { get; }

    /// <summary>What the format allows at the error position.</summary>
    public string Expected { get; }

    private static string FormatMessage(int line, int column, string found, string expected, string lineText) =>
        $"Invalid exposition at line {line}, column {column}: expected {expected}, but found {found}. Line {line}: {lineText}";
}
