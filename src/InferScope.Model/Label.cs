namespace InferScope.Model;

/// <summary>A label name and its value.</summary>
public readonly record struct Label(string Name, string Value)
{
    public override string ToString() => $"{Name}=\"{LabelText.EscapeValue(Value)}\"";
}
