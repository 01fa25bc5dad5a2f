using CsCheck;
using InferScope.TestSupport;

namespace InferScope.Exposition.Tests;

/// <summary>Writes generated and captured families, parses the output and compares.</summary>
public sealed class RoundTripPropertyTests
{
    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    public void WriteThenParse_GeneratedFamilies_Equal(ExpositionFormat format)
    {
        FamilyGenerators.Families(format).Sample(
            families =>
            {
                var bytes = ExpositionWriter.ToBytes(families, format);

                var parsed = ExpositionParser.Parse(bytes, format);

                FamilyAssert.Equal(families, parsed.Families);
            },
            iter: 400,
            print: families => System.Text.Encoding.UTF8.GetString(ExpositionWriter.ToBytes(families, format)));
    }

    [Theory]
    [MemberData(nameof(EngineFixtureTests.Fixtures), MemberType = typeof(EngineFixtureTests))]
    public void WriteThenParse_EngineFixture_Equal(string file)
    {
        var payload = File.ReadAllBytes(SharedData.PathOf("fixtures", "engines", file));
        var parsed = ExpositionParser.Parse(payload, EngineFixtureTests.ContentTypeOf(payload));

        var written = ExpositionWriter.ToBytes(parsed.Families, parsed.Format);
        var reparsed = ExpositionParser.Parse(written, parsed.Format);

        FamilyAssert.Equal(parsed.Families, reparsed.Families);
    }

    [Theory]
    [MemberData(nameof(ValidOpenMetricsCases))]
    public void WriteThenParse_ValidOpenMetricsCase_Equal(string name)
    {
        var payload = File.ReadAllBytes(SharedData.PathOf("openmetrics-tests", "parsers", name, "metrics"));
        var parsed = ExpositionParser.Parse(payload, ExpositionFormat.OpenMetrics);

        var written = ExpositionWriter.ToBytes(parsed.Families, ExpositionFormat.OpenMetrics);
        var reparsed = ExpositionParser.Parse(written, ExpositionFormat.OpenMetrics);

        FamilyAssert.Equal(parsed.Families, reparsed.Families);
    }

    public static TheoryData<string> ValidOpenMetricsCases()
    {
        var data = new TheoryData<string>();
        foreach (string name in OpenMetricsConformanceTests.Cases())
        {
            if (!name.StartsWith("bad_", StringComparison.Ordinal))
            {
                data.Add(name);
            }
        }

        return data;
    }
}
