namespace InferScope.Engines.Catalog;

/// <summary>The families the unified catalog is organized in, in documentation order.</summary>
public enum MetricGroup
{
    Latency,
    Tokens,
    Load,
    KvCache,
    Requests,
    Gpu,
    Host,
    Traffic,
    Deployment,
    Scaling,
    Cost,
}
