namespace InferScope.Storage;

/// <summary>A name (a metric, a label, or a <c>name=value</c> pair) and its count.</summary>
public readonly record struct NamedCount(string Name, long Value);
