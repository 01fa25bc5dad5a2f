namespace InferScope.Analysis.Tests.Rules;

public class PrometheusDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s500ms", 90_500)]
    [InlineData("0", 0)]
    public void Parse_ValidText_ReturnsMilliseconds(string text, long milliseconds)
    {
        Assert.Equal(milliseconds, (long)PrometheusDuration.Parse(text).TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("1.5m")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("5x")]
    [InlineData("-5m")]
    public void Parse_InvalidText_ThrowsNamingValue(string text)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusDuration.Parse(text));
        Assert.Contains($"\"{text}\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(30_000, "30s")]
    [InlineData(0, "0s")]
    [InlineData(90_500, "1m30s500ms")]
    public void Format_Duration_MatchesPrometheus(long milliseconds, string expected)
    {
        Assert.Equal(expected, PrometheusDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
