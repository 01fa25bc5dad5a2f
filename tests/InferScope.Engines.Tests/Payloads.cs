using System.Text;
using InferScope.Exposition;
using InferScope.TestSupport;

namespace InferScope.Engines.Tests;

/// <summary>Parses payloads for the tests, from the engine fixtures or from inline exposition text.</summary>
internal static class Payloads
{
    public const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";

    public static ScrapePayload Fixture(string fileName) =>
        ExpositionParser.Parse(File.ReadAllBytes(SharedData.PathOf("fixtures", "engines", fileName)), PrometheusText);

    public static ScrapePayload Parse(string text) =>
        ExpositionParser.Parse(Encoding.UTF8.GetBytes(text + "\n"), PrometheusText);
}
