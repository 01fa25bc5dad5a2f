namespace InferScope.Engines;

/// <summary>How an engine provides a unified metric.</summary>
public enum Capability
{
    /// <summary>The engine exports nothing the metric can be made from, so InferScope emits no series for it.</summary>
    Missing,

    /// <summary>Copied from an engine metric of the same meaning and unit.</summary>
    Native,

    /// <summary>Made from an engine metric by a unit conversion, a histogram sum, a label value or a type change.</summary>
    Converted,

    /// <summary>Only older versions of the engine export a source, under a name it has since deprecated or removed.</summary>
    Legacy,
}
