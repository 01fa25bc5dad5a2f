using System.Text;

namespace InferScope.Exposition.Tests;

/// <summary>Shortcuts for parsing literal payloads in tests.</summary>
internal static class TestPayloads
{
    public static ScrapePayload ParseText(string text) =>
        ExpositionParser.Parse(Encoding.UTF8.GetBytes(text), ExpositionContentType.PrometheusText);

    public static ScrapePayload ParseOpenMetrics(string text) =>
        ExpositionParser.Parse(Encoding.UTF8.GetBytes(text), ExpositionContentType.OpenMetrics);

    public static ExpositionParseException ParseTextError(string text) =>
        Assert.Throws<ExpositionParseException>(() => ParseText(text));

    public static ExpositionParseException ParseOpenMetricsError(string text) =>
        Assert.Throws<ExpositionParseException>(() => ParseOpenMetrics(text));

    public static MetricFamily Family(this ScrapePayload payload, string name) =>
        payload.Families.Single(f => f.Name == name);
}
