namespace InferScope.Ingestion.Scraping;

/// <summary>The target label names of the unified schema, besides <c>job</c> and <c>instance</c>.</summary>
public static class TargetLabelNames
{
    public const string Endpoint = "endpoint";
    public const string Region = "region";
    public const string Az = "az";
    public const string InstanceType = "instance_type";
    public const string GpuType = "gpu_type";
    public const string Engine = "engine";
    public const string Model = "model";
    public const string Component = "component";
}
