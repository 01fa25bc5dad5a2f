using System.Text.Json;
using InferScope.TestSupport;

namespace InferScope.Exposition.Tests;

/// <summary>Runs every OpenMetrics 1.0 parser conformance case through the OpenMetrics parser.</summary>
public sealed class OpenMetricsConformanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var root = SharedData.PathOf("openmetrics-tests", "parsers");
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(folder, "test.json")))
            {
                data.Add(Path.GetFileName(folder));
            }
        }

        return data;
    }

    [Fact]
    public void Cases_AllFoldersFound_Count211()
    {
        Assert.Equal(211, Cases().Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_ParsedAsOpenMetrics_MatchesVerdict(string name)
    {
        var folder = SharedData.PathOf("openmetrics-tests", "parsers", name);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "test.json")));
        var root = json.RootElement;
        Assert.Equal("text", root.GetProperty("type").GetString());
        var shouldParse = root.GetProperty("shouldParse").GetBoolean();
        var comment = root.TryGetProperty("comment", out var c) ? c.GetString() : null;
        var input = File.ReadAllBytes(Path.Combine(folder, root.GetProperty("file").GetString()!));

        ExpositionParseException? error = null;
        try
        {
            ExpositionParser.Parse(input, ExpositionContentType.OpenMetrics);
        }
        catch (ExpositionParseException e)
        {
            error = e;
        }

        if (shouldParse)
        {
            Assert.True(error is null, $"{name} ({comment}) should parse but failed: {error?.Message}");
        }
        else
        {
            Assert.True(error is not null, $"{name} ({comment}) should be rejected but parsed.");
        }
    }
}
