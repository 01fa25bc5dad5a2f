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

    [Theory]
    [InlineData(@"10\.0\.0\.1:8000|10\.0\.0\.2:8000", "10.0.0.2:8000", true)]
    [InlineData(@"10\.0\.0\.1:8000|10\.0\.0\.2:8000", "10x0.0.1:8000", false)]
    [InlineData(@"(us-east-1a|eu-west-1a)", "eu-west-1a", true)]
    [InlineData(@"(?:us-east-1a|eu-west-1a)", "us-east-1", false)]
    [InlineData(@"a||b", "", true)]
    [InlineData(@"a\|b", "a|b", true)]
    [InlineData(@"a\|b", "a", false)]
    [InlineData(@"a.|b", "ax", true)]
    [InlineData(@"(a)|(b)", "b", true)]
    [InlineData(@"a\d", "a7", true)]
    public void Regex_LiteralAlternation_MatchesAsRegex(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, Matcher.Regex("l", pattern).Matches(value));
        Assert.Equal(!expected, Matcher.NotRegex("l", pattern).Matches(value));
    }

    [Fact]
    public void Regex_ThousandsOfHosts_MatchesBySet()
    {
        // The escaped form a dashboard builds for a multi-value variable of 3,000 instances, far past
        // both the length limit and the non-backtracking engine's automaton limit.
        var hosts = Enumerable.Range(0, 3_000).Select(i => $"ip-10-0-{i / 250}-{i % 250}.eu-west-1.compute.internal:8000").ToList();
        var pattern = "(" + string.Join('|', hosts.Select(h => h.Replace(".", "\\.", StringComparison.Ordinal))) + ")";

        var matcher = Matcher.Regex("instance", pattern);

        Assert.True(pattern.Length > Matcher.MaxRegexLength, $"{pattern.Length} characters");
        Assert.True(matcher.Matches(hosts[2_999]));
        Assert.False(matcher.Matches("ip-10-0-11-249.eu-west-1.compute.internal"));
        Assert.False(matcher.Matches("ip-10-0-11-249xeu-west-1.compute.internal:8000"));
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
