namespace InferScope.Engines.Catalog;

/// <summary>
/// Where one engine's value of a unified metric comes from: the source expression as it appears on
/// the engine's endpoint, and the conversion applied, if any.
/// </summary>
/// <param name="Engine">The engine or exporter.</param>
/// <param name="Expression">The source family, with a label selector or suffix when only part of it is used.</param>
/// <param name="Conversion">The unit or type conversion, such as <c>ms → s</c>, or empty when the value is copied.</param>
/// <param name="Deprecated">True when the source name is deprecated and only used when its replacement is absent.</param>
public sealed record MetricSource(EngineKind Engine, string Expression, string Conversion, bool Deprecated)
{
    /// <summary>Formats as <c>expression (conversion)</c> for documentation.</summary>
    public override string ToString()
    {
        var text = Conversion.Length == 0 ? Expression : $"{Expression} ({Conversion})";
        return Deprecated ? $"{text} [deprecated]" : text;
    }
}
