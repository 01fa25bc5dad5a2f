namespace InferScope.PromQL.Syntax;

/// <summary>One lexed token: its kind, its text as written (strings unquoted) and its offset in the query.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public override string ToString() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Identifier => $"identifier \"{Text}\"",
        TokenKind.Number => $"number \"{Text}\"",
        TokenKind.Duration => $"duration \"{Text}\"",
        TokenKind.String => $"string \"{Text}\"",
        _ => $"\"{Text}\"",
    };
}
