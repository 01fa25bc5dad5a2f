using InferScope.Model;

namespace InferScope.Exposition;

/// <summary>
/// A metric family: its name (without suffixes such as <c>_total</c> or <c>_bucket</c>), metadata and samples.
/// </summary>
public sealed class MetricFamily
{
    public MetricFamily(string name, MetricType type, string help = "", string unit = "")
    {
        Name = name;
        Type = type;
        Help = help;
        Unit = unit;
    }

    public string Name { get; }

    public MetricType Type { get; set; }

    public string Help { get; set; }

    public string Unit { get; set; }

    public List<MetricPoint> Points { get; } = [];

    public MetricMetadata Metadata => new(Type, Help, Unit);
}
