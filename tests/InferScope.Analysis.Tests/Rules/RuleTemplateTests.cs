using InferScope.Analysis.Rules;
using InferScope.Model;

namespace InferScope.Analysis.Tests.Rules;

public class RuleTemplateTests
{
    private static readonly TemplateData Data = new(
        Labels.FromPairs("endpoint", "chat", "az", "us-east-1a"),
        0.8734,
        Labels.FromPairs("cluster", "prod"));

    [Theory]
    [InlineData("{{ $labels.endpoint }} in {{ $labels.az }}", "chat in us-east-1a")]
    [InlineData("{{ .Labels.endpoint }}={{ .Value }}", "chat=0.8734")]
    [InlineData("{{ $value }}", "0.8734")]
    [InlineData("{{ $externalLabels.cluster }}", "prod")]
    [InlineData("{{ $labels.missing }}.", ".")]
    [InlineData("{{ humanizePercentage $value }}", "87.34%")]
    [InlineData("{{ $value | humanizePercentage }}", "87.34%")]
    [InlineData("{{ printf \"%.2f\" $value }}", "0.87")]
    [InlineData("{{ printf \"%s is %.1f\" $labels.endpoint $value }}", "chat is 0.9")]
    [InlineData("{{ index $labels \"az\" }}", "us-east-1a")]
    [InlineData("{{ $labels.endpoint | toUpper }}", "CHAT")]
    [InlineData("a {{- \" b \" -}} c", "a b c")]
    [InlineData("no actions", "no actions")]
    public void Expand_Template_ProducesText(string template, string expected)
    {
        Assert.Equal(expected, RuleTemplate.Parse(template).Expand(Data));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1234, "1.234k")]
    [InlineData(1_500_000, "1.5M")]
    [InlineData(0.0123, "12.3m")]
    [InlineData(999, "999")]
    public void Humanize_Value_UsesSiPrefixes(double value, string expected)
    {
        Assert.Equal(expected, RuleTemplate.Parse("{{ humanize $value }}").Expand(Data with { Value = value }));
    }

    [Theory]
    [InlineData(90, "1m 30s")]
    [InlineData(3725, "1h 2m 5s")]
    [InlineData(90061, "1d 1h 1m 1s")]
    [InlineData(0.25, "250ms")]
    public void HumanizeDuration_Seconds_MatchesPrometheus(double value, string expected)
    {
        Assert.Equal(expected, RuleTemplate.Parse("{{ humanizeDuration $value }}").Expand(Data with { Value = value }));
    }

    [Theory]
    [InlineData(1_000_000, "1e+06")]
    [InlineData(123456, "123456")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(2.5, "2.5")]
    public void Value_LargeOrSmall_PrintsLikeGo(double value, string expected)
    {
        Assert.Equal(expected, RuleTemplate.Parse("{{ $value }}").Expand(Data with { Value = value }));
    }

    [Theory]
    [InlineData("{{ $labels.x", "Unclosed")]
    [InlineData("{{ nosuch $value }}", "Unknown name \"nosuch\"")]
    [InlineData("{{ if $value }}x{{ end }}", "not supported")]
    [InlineData("{{ }}", "Empty action")]
    public void Parse_InvalidTemplate_Throws(string template, string expectedMessagePart)
    {
        var error = Assert.Throws<TemplateException>(() => RuleTemplate.Parse(template));
        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
    }
}
