using InferScope.Analysis;

namespace InferScope.Commands;

/// <summary>Parses the <c>--window</c> option of the analysis commands.</summary>
internal static class WindowOption
{
    /// <exception cref="FormatException">The value is not a Prometheus duration, or is zero.</exception>
    public static TimeSpan Parse(string value)
    {
        var window = PrometheusDuration.Parse(value);
        if (window <= TimeSpan.Zero)
        {
            throw new FormatException($"Invalid --window \"{value}\": the window must be longer than zero; use a duration such as 15m.");
        }

        return window;
    }
}
