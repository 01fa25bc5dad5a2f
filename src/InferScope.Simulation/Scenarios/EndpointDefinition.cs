namespace InferScope.Simulation.Scenarios;

/// <summary>An inference endpoint: instances of one type spread over availability zones, and what they serve.</summary>
public sealed class EndpointDefinition
{
    public string Name { get; set; } = string.Empty;

    public string InstanceType { get; set; } = "ml.g6.4xlarge";

    public int InstanceCount { get; set; } = 1;

    /// <summary>Zones the instances are spread over, round-robin; empty means the region's a, b and c zones.</summary>
    public List<string> AvailabilityZones { get; set; } = [];

    /// <summary><c>vllm</c>, <c>sglang</c>, <c>tgi</c> or <c>djl</c>.</summary>
    public string Engine { get; set; } = "vllm";

    public string Model { get; set; } = "llama-3.1-8b";

    public int TensorParallel { get; set; } = 1;

    public int DataParallel { get; set; } = 1;

    public double GpuMemoryUtilization { get; set; } = 0.9;

    public int? MaxNumSeqs { get; set; }

    public int? MaxNumBatchedTokens { get; set; }

    /// <summary>
    /// Seconds between metric publications of this endpoint's engines and exporters; null uses the
    /// scenario's <c>scrape_interval</c>. Virtual time scrapes the endpoint's targets at this interval.
    /// </summary>
    public double? MetricsPublishFrequencySeconds { get; set; }

    /// <summary>Inference components (model variants) with their copy counts; empty means one component per instance.</summary>
    public List<ComponentDefinition> Components { get; set; } = [];

    public RouterDefinition Router { get; set; } = new();

    public StartupDefinition Startup { get; set; } = new();
}
