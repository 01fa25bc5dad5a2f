namespace InferScope.Simulation.Performance;

/// <summary>
/// The shape of a decoder-only transformer: what sizes its weights, its KV cache and its FLOPs.
/// </summary>
/// <param name="Name">Short catalog name, such as <c>llama-3.1-8b</c>.</param>
/// <param name="ServedName">The name engines report, such as <c>meta-llama/Llama-3.1-8B-Instruct</c>.</param>
/// <param name="Parameters">Total parameter count.</param>
/// <param name="Layers">Number of transformer layers.</param>
/// <param name="HiddenSize">Model width (query heads × head size).</param>
/// <param name="KvHeads">Key/value heads per layer (grouped-query attention).</param>
/// <param name="HeadSize">Size of one attention head.</param>
/// <param name="BytesPerParameter">Weight data type size: 2 for bf16 or fp16, 1 for fp8.</param>
/// <param name="MaxModelLength">Context length the engines serve by default, in tokens.</param>
public sealed record ModelProfile(
    string Name,
    string ServedName,
    double Parameters,
    int Layers,
    int HiddenSize,
    int KvHeads,
    int HeadSize,
    int BytesPerParameter,
    int MaxModelLength)
{
    /// <summary>Weight bytes: parameters × bytes per parameter.</summary>
    public double WeightBytes => Parameters * BytesPerParameter;

    /// <summary>
    /// KV-cache bytes one token occupies: 2 (K and V) × layers × KV heads × head size × KV data type size.
    /// </summary>
    public double KvBytesPerToken(int kvBytesPerElement) => 2.0 * Layers * KvHeads * HeadSize * kvBytesPerElement;

    /// <summary>Returns a copy with a different weight data type size (2 = bf16, 1 = fp8).</summary>
    public ModelProfile WithBytesPerParameter(int bytes) => this with { BytesPerParameter = bytes };
}
