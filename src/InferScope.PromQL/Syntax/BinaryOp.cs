namespace InferScope.PromQL.Syntax;

/// <summary>The binary operators, arithmetic, comparison and set.</summary>
public enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Atan2,
    Eql,
    Neq,
    Lss,
    Lte,
    Gtr,
    Gte,
    And,
    Or,
    Unless,

    /// <summary><c>&lt;/</c>: keeps the observations of a native histogram below a cutoff.</summary>
    TrimUpper,

    /// <summary><c>&gt;/</c>: keeps the observations of a native histogram above a cutoff.</summary>
    TrimLower,
}
