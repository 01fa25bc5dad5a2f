namespace InferScope.Analysis.Diagnosis;

/// <summary>
/// An endpoint's benchmark baseline, the <c>benchmark:</c> block of its configuration: what one
/// instance reached under the benchmark's load.
/// </summary>
public sealed record EndpointBenchmark(
    string Endpoint,
    double OutputTokensPerSecondPerInstance,
    double ConcurrencyPerInstance,
    double MeanPromptTokens,
    double MeanOutputTokens);
