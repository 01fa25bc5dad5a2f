using InferScope.Model;

namespace InferScope.Model.Tests;

public class MatcherTests
{
    [Theory]
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "foobar", false)]
    [InlineData("fo.*", "foobar", true)]
    [InlineData("a|b", "b", true)]
    [InlineData("a|b", "ab", false)]
    [InlineData(".*", "", true)]
    [InlineData("a.b", "a\nb", true)]
    public void Regex_IsFullyAnchored(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, Matcher.Regex("l", pattern).Matches(value));
    }

    [Fact]
    public void Regex_RejectsBackreference()
    {
        var error = Assert.Throws<ArgumentException>(() => Matcher.Regex("l", "(a)\\1"));

        Assert.Contains("(a)\\1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Regex_PathologicalPatternIsLinear()
    {
        var matcher = Matcher.Regex("l", "(a+)+$b");
        var input = new string('a', 50_000);

        Assert.False(matcher.Matches(input));
    }

    [Fact]
    public void Regex_AtLengthLimit_Compiles()
    {
        // A character class of any length is a single automaton node, so it stays under the engine's size limit.
        var pattern = "[" + new string('b', Matcher.MaxRegexLength - 2) + "]";

        var matcher = Matcher.Regex("l", pattern);

        Assert.Equal(Matcher.MaxRegexLength, pattern.Length);
        Assert.True(matcher.Matches("b"));
        Assert.False(matcher.Matches("a"));
    }

    [Fact]
    public void Regex_OverLengthLimit_IsRejected()
    {
        var pattern = "[" + new string('b', Matcher.MaxRegexLength - 1) + "]";

        var error = Assert.Throws<ArgumentException>(() => Matcher.Regex("l", pattern));

        Assert.Contains("is 65537 characters long, over the limit of 65536", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLabel_MatchesAsEmpty()
    {
        var labels = Labels.FromPairs("__name__", "m");

        Assert.True(Matcher.Equal("az", "").Matches(labels));
        Assert.True(Matcher.NotEqual("az", "a").Matches(labels));
        Assert.False(Matcher.Regex("az", ".+").Matches(labels));
    }

    [Fact]
    public void StaleMarker_IsDistinctFromPlainNaN()
    {
        Assert.True(StaleMarker.IsStale(StaleMarker.Value));
        Assert.False(StaleMarker.IsStale(double.NaN));
        Assert.True(double.IsNaN(StaleMarker.Value));
    }
}
