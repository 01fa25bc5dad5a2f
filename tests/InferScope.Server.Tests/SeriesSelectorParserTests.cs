using InferScope.Model;
using InferScope.Server.Api;
using MatchType = InferScope.Model.MatchType;

namespace InferScope.Server.Tests;

public class SeriesSelectorParserTests
{
    [Fact]
    public void Parse_NameAndMatchers()
    {
        var matchers = SeriesSelectorParser.Parse("up{job=\"api\", code=~\"5..\",env!='prod',x!~`a\\d`}");

        Assert.Equal(5, matchers.Count);
        Assert.Equal(("__name__", MatchType.Equal, "up"), (matchers[0].Name, matchers[0].Type, matchers[0].Value));
        Assert.Equal(("job", MatchType.Equal, "api"), (matchers[1].Name, matchers[1].Type, matchers[1].Value));
        Assert.Equal(("code", MatchType.RegexMatch, "5.."), (matchers[2].Name, matchers[2].Type, matchers[2].Value));
        Assert.Equal(("env", MatchType.NotEqual, "prod"), (matchers[3].Name, matchers[3].Type, matchers[3].Value));
        Assert.Equal(("x", MatchType.RegexNotMatch, "a\\d"), (matchers[4].Name, matchers[4].Type, matchers[4].Value));
    }

    [Fact]
    public void Parse_EscapesInDoubleQuotes()
    {
        var matchers = SeriesSelectorParser.Parse("{a=\"x\\\"y\\n\"}");

        Assert.Equal("x\"y\n", matchers[0].Value);
    }

    [Fact]
    public void Parse_ColonInMetricName()
    {
        var matchers = SeriesSelectorParser.Parse("job:requests:rate5m");

        Assert.Equal("job:requests:rate5m", matchers[0].Value);
    }

    [Theory]
    [InlineData("up{job=\"a\"", "1:11")]
    [InlineData("up{job}", "1:7")]
    [InlineData("rate(up[5m])", "1:5")]
    [InlineData("", "1:1")]
    [InlineData("{job=\"a}", "1:6")]
    public void Parse_InvalidSelector_NamesColumn(string text, string position)
    {
        var error = Assert.Throws<FormatException>(() => SeriesSelectorParser.Parse(text));

        Assert.StartsWith(position + ": parse error", error.Message, StringComparison.Ordinal);
    }
}
