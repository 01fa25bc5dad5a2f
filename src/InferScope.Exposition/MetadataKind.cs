namespace InferScope.Exposition;

/// <summary>The metadata lines of a family.</summary>
[Flags]
internal enum MetadataKind
{
    None = 0,
    Help = 1,
    Type = 2,
    Unit = 4,
}
