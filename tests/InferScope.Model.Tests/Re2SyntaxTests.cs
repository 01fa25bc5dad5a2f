using InferScope.Model;

namespace InferScope.Model.Tests;

/// <summary>RE2 syntax that .NET lacks, matched as Prometheus (Go's regexp) matches it.</summary>
public class Re2SyntaxTests
{
    [Theory]
    [InlineData("[[:alpha:]]+!", "hello!", true)]
    [InlineData("[[:alpha:]]+!", "hello1!", false)]
    [InlineData("[[:digit:]]+", "0123", true)]
    [InlineData("[[:digit:]]+", "12a", false)]
    [InlineData("[[:alnum:]_]+", "gpu_0", true)]
    [InlineData("a[[:space:]]b", "a\tb", true)]
    [InlineData("[[:upper:]][[:lower:]]+", "Llama", true)]
    [InlineData("[[:upper:]][[:lower:]]+", "llama", false)]
    [InlineData("[[:punct:]]+", "!-/[`{~", true)]
    [InlineData("[[:xdigit:]]+", "0aF9", true)]
    [InlineData("[[:xdigit:]]+", "0aG9", false)]
    [InlineData("[[:word:]]+", "node_exporter1", true)]
    [InlineData("[[:^alpha:]]+", "123-_", true)]
    [InlineData("[[:^alpha:]]+", "12a", false)]
    [InlineData("[^[:digit:]]+", "abc", true)]
    [InlineData("[^[:digit:]]+", "ab1", false)]
    [InlineData("[x[:digit:]]+", "x1x2", true)]
    [InlineData("[]a]+", "]a]", true)]
    [InlineData("\\Qa.b*c\\E", "a.b*c", true)]
    [InlineData("\\Qa.b*c\\E", "axbbc", false)]
    [InlineData("x\\Q[(\\E+", "x[([(", false)]
    [InlineData("x\\Q[(\\E+", "x[((", true)]
    [InlineData("\\Q.*", ".*", true)]
    [InlineData("(?P<first>a)b", "ab", true)]
    [InlineData("\\pL+", "llama", true)]
    [InlineData("[\\pN]+", "42", true)]
    public void Matcher_Re2Syntax_MatchesLikePrometheus(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, Matcher.Regex("l", pattern).Matches(value));
    }

    [Theory]
    [InlineData("[[:alpah:]]", "unknown POSIX class [:alpah:]")]
    [InlineData("(?U)a+", "the flag U")]
    [InlineData("a\\Cb", "\\C (any byte)")]
    public void Matcher_UntranslatableConstruct_NamesIt(string pattern, string construct)
    {
        var error = Assert.Throws<ArgumentException>(() => Matcher.Regex("l", pattern));

        Assert.Contains(pattern, error.Message, StringComparison.Ordinal);
        Assert.Contains(construct, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDotNet_PlainPattern_Unchanged()
    {
        Assert.Equal("a(b|c)*[d-f]\\d", Re2Syntax.ToDotNet("a(b|c)*[d-f]\\d"));
    }
}
