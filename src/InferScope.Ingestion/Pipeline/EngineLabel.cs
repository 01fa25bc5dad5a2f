using InferScope.Engines;

namespace InferScope.Ingestion.Pipeline;

/// <summary>
/// The values of the <c>engine</c> target label and the <see cref="EngineKind"/> each one names.
/// </summary>
public static class EngineLabel
{
    private static readonly Dictionary<string, EngineKind> byName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["vllm"] = EngineKind.Vllm,
        ["sglang"] = EngineKind.Sglang,
        ["djl"] = EngineKind.Djl,
        ["tgi"] = EngineKind.Tgi,
        ["triton_trtllm"] = EngineKind.TritonTrtllm,
        ["nim"] = EngineKind.Nim,
        ["llama_cpp"] = EngineKind.LlamaCpp,
        ["dcgm"] = EngineKind.Dcgm,
        ["node_exporter"] = EngineKind.NodeExporter,
    };

    /// <summary>The accepted label values, for error messages and docs.</summary>
    public static IReadOnlyCollection<string> Names => byName.Keys;

    /// <summary>Returns the label value of an engine, such as <c>vllm</c> or <c>triton_trtllm</c>.</summary>
    public static string Format(EngineKind engine)
    {
        foreach (var (name, kind) in byName)
        {
            if (kind == engine)
            {
                return name;
            }
        }

        return "unknown";
    }

    /// <summary>Parses a label value, ignoring case; returns false for an unknown name.</summary>
    public static bool TryParse(string? value, out EngineKind engine)
    {
        if (value is not null && byName.TryGetValue(value, out engine))
        {
            return true;
        }

        engine = EngineKind.Unknown;
        return false;
    }
}
