namespace InferScope.PromQL.Syntax;

/// <summary>A syntax or type error in a query, at a character offset of the query text.</summary>
public sealed class ParseException : Exception
{
    public ParseException()
    {
    }

    public ParseException(string message)
        : base(message)
    {
    }

    public ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ParseException(string query, int position, string reason)
        : base($"{PositionText.Of(query, position)}: parse error: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    /// <summary>The zero-based offset in the query text.</summary>
    public int Position { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; } = string.Empty;
}
