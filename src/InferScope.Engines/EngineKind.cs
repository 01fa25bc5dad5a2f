namespace InferScope.Engines;

/// <summary>The inference engines and exporters InferScope recognizes.</summary>
public enum EngineKind
{
    Unknown,
    Vllm,
    Sglang,
    Djl,
    Tgi,
    TritonTrtllm,
    Nim,
    LlamaCpp,
    Dcgm,
    NodeExporter,
}
