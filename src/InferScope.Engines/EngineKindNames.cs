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

    /// <summary>
    /// The label values of every kind, comma-separated, for messages that list the valid engine
    /// names: <see cref="TryParse"/> and the configuration's <c>engine</c> field accept each of them.
    /// </summary>
    public static string LabelValueList { get; } = string.Join(", ", Known.Select(k => k.ToLabelValue()));

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
    /// Parses a label value (<c>vllm</c>), an enum name (<c>TritonTrtllm</c>) or a common alias
    /// (<c>triton</c>, <c>llama.cpp</c>, <c>node-exporter</c>), ignoring case, hyphens, underscores
    /// and dots, so <c>triton-trtllm</c>, <c>triton_trtllm</c> and <c>TritonTrtllm</c> are the same name.
    /// </summary>
    public static bool TryParse(string? text, out EngineKind kind)
    {
        kind = EngineKind.Unknown;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim().ToLowerInvariant()
            .Replace("-", string.Empty, StringComparison.Ordinal)
            .Replace("_", string.Empty, StringComparison.Ordinal)
            .Replace(".", string.Empty, StringComparison.Ordinal);
        kind = value switch
        {
            "vllm" => EngineKind.Vllm,
            "sglang" => EngineKind.Sglang,
            "djl" or "djlserving" or "lmi" => EngineKind.Djl,
            "tgi" or "textgenerationinference" => EngineKind.Tgi,
            "trtllm" or "tritontrtllm" or "triton" or "tensorrtllm" => EngineKind.TritonTrtllm,
            "nim" => EngineKind.Nim,
            "llamacpp" => EngineKind.LlamaCpp,
            "dcgm" or "dcgmexporter" => EngineKind.Dcgm,
            "node" or "nodeexporter" => EngineKind.NodeExporter,
            _ => EngineKind.Unknown,
        };
        return kind != EngineKind.Unknown;
    }
}
