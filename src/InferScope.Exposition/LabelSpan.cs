namespace InferScope.Exposition;

/// <summary>
/// The position of one label in the input of an <see cref="ExpositionReader"/>: the name, and the value
/// as written between the quotes, still escaped when <see cref="ValueEscaped"/> is set.
/// </summary>
internal readonly record struct LabelSpan(int NameStart, int NameLength, int ValueStart, int ValueLength, bool ValueEscaped);
