using InferScope.Simulation.Performance;

namespace InferScope.Simulation.Metrics;

/// <summary>The static facts about one simulated engine process that its metrics report.</summary>
/// <param name="ServedModelName">The model name the engine reports (<c>model_name</c>).</param>
/// <param name="Model">The model's shape.</param>
/// <param name="Tuning">The engine's scheduler defaults and efficiency factors.</param>
/// <param name="MemoryUtilization">The <c>gpu_memory_utilization</c> setting.</param>
/// <param name="StartUnixSeconds">Wall-clock time of the process start, in Unix seconds.</param>
/// <param name="HostName">The host the engine runs on.</param>
/// <param name="MaxInputTokens">TGI's <c>--max-input-tokens</c>; it sets the input-length buckets.</param>
/// <param name="MaxTotalTokens">TGI's <c>--max-total-tokens</c>; it sets the generated-tokens buckets.</param>
public sealed record EngineDescriptor(
    string ServedModelName,
    ModelProfile Model,
    EngineTuning Tuning,
    double MemoryUtilization,
    double StartUnixSeconds,
    string HostName,
    int MaxInputTokens,
    int MaxTotalTokens);
