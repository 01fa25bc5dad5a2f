namespace InferScope.Simulation.Performance;

/// <summary>Model shapes taken from each model's published <c>config.json</c>, keyed by name.</summary>
public static class ModelCatalog
{
    public static ModelProfile Llama31_8B { get; } =
        new("llama-3.1-8b", "meta-llama/Llama-3.1-8B-Instruct", 8.03e9, 32, 4096, 8, 128, 2, 131072);

    public static ModelProfile Llama31_70B { get; } =
        new("llama-3.1-70b", "meta-llama/Llama-3.1-70B-Instruct", 70.6e9, 80, 8192, 8, 128, 2, 131072);

    public static ModelProfile Mistral7B { get; } =
        new("mistral-7b", "mistralai/Mistral-7B-Instruct-v0.3", 7.25e9, 32, 4096, 8, 128, 2, 32768);

    public static ModelProfile Qwen25_7B { get; } =
        new("qwen-2.5-7b", "Qwen/Qwen2.5-7B-Instruct", 7.62e9, 28, 3584, 4, 128, 2, 32768);

    public static IReadOnlyList<ModelProfile> All { get; } = [Llama31_8B, Llama31_70B, Mistral7B, Qwen25_7B];

    /// <summary>Returns the model with the given catalog name or served name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No model has that name.</exception>
    public static ModelProfile Get(string name)
    {
        foreach (var model in All)
        {
            if (string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(model.ServedName, name, StringComparison.OrdinalIgnoreCase))
            {
                return model;
            }
        }

        throw new ArgumentException(
            $"Unknown model \"{name}\". Use one of: {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));
    }
}
