namespace InferScope.Model;

/// <summary>The four PromQL label matcher operators.</summary>
public enum MatchType
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>=~</c></summary>
    RegexMatch,

    /// <summary><c>!~</c></summary>
    RegexNotMatch,
}
