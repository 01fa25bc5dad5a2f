using InferScope.Ingestion.Scraping;

namespace InferScope.Ingestion.Tests.Scraping;

/// <summary>A scrape error that quotes the payload shows its control characters escaped, never raw.</summary>
public sealed class ScrapeErrorEscapingTests
{
    [Fact]
    public async Task Scrape_AnsiInPayload_Escaped()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        harness.Server.Set("/metrics", "a 1\nb \u001b[31mred\u001b[0m\n");
        await harness.Manager.ApplyAsync([harness.Endpoint()]);

        await harness.ScrapeAsync();
        var error = Assert.Single(harness.Manager.GetTargets()).LastError;

        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error);
        Assert.Contains("\\x1b[31m", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\u001b[2Jb", "a\\x1b[2Jb")]
    [InlineData("line\nforged\r\tx", "line\\nforged\\r\\tx")]
    [InlineData("del\u007f c1\u009b", "del\\x7f c1\\x9b")]
    public void Escape_ControlCharacters(string text, string expected)
    {
        Assert.Equal(expected, ControlCharacters.Escape(text));
    }
}
