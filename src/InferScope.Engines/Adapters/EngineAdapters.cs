using System.Collections.Frozen;

namespace InferScope.Engines.Adapters;

/// <summary>The adapter of every supported engine and exporter, built once.</summary>
public static class EngineAdapters
{
    private static readonly Lazy<FrozenDictionary<EngineKind, EngineAdapter>> ByKind = new(Build);

    /// <summary>Every adapter, in <see cref="EngineKindNames.All"/> order.</summary>
    public static IEnumerable<EngineAdapter> All => EngineKindNames.All.Select(For);

    /// <summary>Returns the adapter of an engine kind.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is <see cref="EngineKind.Unknown"/>.</exception>
    public static EngineAdapter For(EngineKind kind) =>
        ByKind.Value.TryGetValue(kind, out var adapter)
            ? adapter
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "No adapter exists for this engine kind.");

    private static FrozenDictionary<EngineKind, EngineAdapter> Build()
    {
        EngineAdapter[] adapters =
        [
            VllmAdapter.Create(),
            SglangAdapter.Create(),
            DjlAdapter.Create(),
            TgiAdapter.Create(),
            TritonTrtllmAdapter.Create(),
            NimAdapter.Create(),
            LlamaCppAdapter.Create(),
            DcgmAdapter.Create(),
            NodeExporterAdapter.Create(),
        ];
        return adapters.ToFrozenDictionary(a => a.Kind);
    }
}
