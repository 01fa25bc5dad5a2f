namespace InferScope.Analysis.Rules;

/// <summary>A rule file that failed to load, with every problem found in it.</summary>
public sealed class RuleFileException : Exception
{
    public RuleFileException()
    {
    }

    public RuleFileException(string message)
        : base(message)
    {
    }

    public RuleFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RuleFileException(string file, IReadOnlyList<string> errors)
        : base($"Invalid rule file {file}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
    {
        File = file;
        Errors = errors;
    }

    public string File { get; } = string.Empty;

    public IReadOnlyList<string> Errors { get; } = [];
}
