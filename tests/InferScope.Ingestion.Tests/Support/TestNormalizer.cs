using InferScope.Engines;
using InferScope.Exposition;
using InferScope.Ingestion.Pipeline;
using InferScope.Model;

namespace InferScope.Ingestion.Tests.Support;

/// <summary>
/// A stand-in for the engine adapters: detects vLLM by its <c>vllm:</c> prefix and maps two of its
/// families to unified ones, one inside the basic set and one outside it.
/// </summary>
internal sealed class TestNormalizer : IPayloadNormalizer
{
    public List<EngineKind?> RequestedEngines { get; } = [];

    public NormalizationResult Normalize(ScrapePayload payload, EngineKind? engine)
    {
        RequestedEngines.Add(engine);
        var detected = engine ?? (payload.Families.Any(f => f.Name.StartsWith("vllm:", StringComparison.Ordinal))
            ? EngineKind.Vllm
            : EngineKind.Unknown);
        var unified = new List<MetricFamily>();
        if (detected != EngineKind.Vllm)
        {
            return new NormalizationResult(detected, unified, [], []);
        }

        foreach (var family in payload.Families)
        {
            var (name, type) = family.Name switch
            {
                "vllm:num_requests_running" => ("llm_requests_running", MetricType.Gauge),
                "vllm:request_success" => ("llm_requests_succeeded", MetricType.Counter),
                _ => (null, MetricType.Unknown),
            };
            if (name is null)
            {
                continue;
            }

            var mapped = new MetricFamily(name, type);
            foreach (var point in family.Points)
            {
                var sampleName = type == MetricType.Counter ? name + "_total" : name;
                mapped.Points.Add(point with { Labels = point.Labels.ToBuilder().Set(LabelNames.MetricName, sampleName).Build() });
            }

            unified.Add(mapped);
        }

        return new NormalizationResult(detected, unified, [], []);
    }
}
