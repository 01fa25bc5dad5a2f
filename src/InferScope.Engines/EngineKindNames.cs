namespace InferScope.Engines;

/// <summary>
/// The label value and display name of each <see cref="EngineKind"/>. The label value is what the
/// unified <c>engine</c> label carries and what <c>--engine</c> options accept.
/// </summary>
public static class EngineKindNames
{
    private static readonly EngineKind[] Known =
    [
        EngineKind.Vllm,
        EngineKind.Sglang,
        EngineKind.Djl,
        EngineKind.Tgi,
        EngineKind.TritonTrtllm,
        EngineKind.Nim,
        EngineKind.LlamaCpp,
        EngineKind.Dcgm,
        EngineKind.NodeExporter,
    ];

    /// <summary>Every kind except <see cref="EngineKind.Unknown"/>, in catalog order.</summary>
    public static IReadOnlyList<EngineKind> All => Known;

    /// <summary>Returns the lowercase label value, such as <c>vllm</c> or <c>trtllm</c>.</summary>
    public static string ToLabelValue(this EngineKind kind) => kind switch
    {
        EngineKind.Vllm => "vllm",
        EngineKind.Sglang => "sglang",
        EngineKind.Djl => "djl",
        EngineKind.Tgi => "tgi",
        EngineKind.TritonTrtllm => "trtllm",
        EngineKind.Nim => "nim",
        EngineKind.LlamaCpp => "llamacpp",
        EngineKind.Dcgm => "dcgm",
        EngineKind.NodeExporter => "node",
        _ => "unknown",
    };

    /// <summary>Returns the product name as its vendor writes it, such as <c>vLLM</c>.</summary>
    public static string ToDisplayName(this EngineKind kind) => kind switch
    {
        EngineKind.Vllm => "vLLM",
        EngineKind.Sglang => "SGLang",
        EngineKind.Djl => "DJL Serving / LMI",
        EngineKind.Tgi => "Hugging Face TGI",
        EngineKind.TritonTrtllm => "Triton + TensorRT-LLM",
        EngineKind.Nim => "NVIDIA NIM",
        EngineKind.LlamaCpp => "llama.cpp server",
        EngineKind.Dcgm => "NVIDIA DCGM exporter",
        EngineKind.NodeExporter => "Prometheus node exporter",
        _ => "unknown",
    };

    /// <summary>
    /// Parses a label value (<c>vllm</c>), an enum name (<c>Vllm</c>) or a common alias
    /// (<c>triton</c>, <c>llama.cpp</c>, <c>node-exporter</c>), ignoring case.
    /// </summary>
    public static bool TryParse(string? text, out EngineKind kind)
    {
        kind = EngineKind.Unknown;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim().ToLowerInvariant();
        kind = value switch
        {
            "vllm" => EngineKind.Vllm,
            "sglang" => EngineKind.Sglang,
            "djl" or "djl-serving" or "lmi" => EngineKind.Djl,
            "tgi" or "text-generation-inference" => EngineKind.Tgi,
            "trtllm" or "tritontrtllm" or "triton" or "tensorrt-llm" or "triton-trtllm" => EngineKind.TritonTrtllm,
            "nim" => EngineKind.Nim,
            "llamacpp" or "llama.cpp" or "llama-cpp" => EngineKind.LlamaCpp,
            "dcgm" or "dcgm-exporter" => EngineKind.Dcgm,
            "node" or "nodeexporter" or "node-exporter" or "node_exporter" => EngineKind.NodeExporter,
            _ => EngineKind.Unknown,
        };
        return kind != EngineKind.Unknown;
    }
}
