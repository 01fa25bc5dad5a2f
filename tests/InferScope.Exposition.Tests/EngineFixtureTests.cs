using InferScope.TestSupport;

namespace InferScope.Exposition.Tests;

/// <summary>Parses every captured engine payload with the format its Content-Type would select.</summary>
public sealed class EngineFixtureTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(SharedData.PathOf("fixtures", "engines"), "*.prom").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    internal static string ContentTypeOf(byte[] payload) =>
        payload.AsSpan().IndexOf("# EOF"u8) >= 0 ? ExpositionContentType.OpenMetrics : ExpositionContentType.PrometheusText;

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_Parse_HasFamiliesAndSamples(string file)
    {
        var payload = File.ReadAllBytes(SharedData.PathOf("fixtures", "engines", file));

        var result = ExpositionParser.Parse(payload, ContentTypeOf(payload));

        Assert.NotEmpty(result.Families);
        Assert.True(result.Families.Sum(f => f.Points.Count) > 0, $"{file} has no samples");
    }
}
