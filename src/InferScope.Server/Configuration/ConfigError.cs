namespace InferScope.Server.Configuration;

/// <summary>One problem in a configuration file, at a 1-based line and column.</summary>
/// <param name="Field">The path of the field, such as <c>endpoints[0].metrics_publish_frequency_seconds</c>.</param>
/// <param name="Line">The 1-based line, or 0 when the problem has no position.</param>
/// <param name="Column">The 1-based column, or 0 when the problem has no position.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record ConfigError(string Field, int Line, int Column, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"line {Line}, column {Column}: {Field}: {Message}" : $"{Field}: {Message}";
}
