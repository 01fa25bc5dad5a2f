namespace InferScope.PromQL.Engine;

/// <summary>The result of evaluating one node over a frame.</summary>
internal abstract class Value;

/// <summary>A scalar with one value per step.</summary>
internal sealed class ScalarValue(double[] values) : Value
{
    public double[] Values { get; } = values;
}

/// <summary>A string.</summary>
internal sealed class StringValue(string text) : Value
{
    public string Text { get; } = text;
}

/// <summary>An instant vector over every step.</summary>
internal sealed class VectorValue(List<StepSeries> series) : Value
{
    public List<StepSeries> Series { get; } = series;
}

/// <summary>A range vector at a single evaluation time: the result of an instant query such as <c>x[5m]</c>.</summary>
internal sealed class MatrixValue(List<RawSeries> series) : Value
{
    public List<RawSeries> Series { get; } = series;
}
