namespace InferScope.Exposition;

/// <summary>The kinds of line that <see cref="ExpositionReader.Next"/> reports.</summary>
public enum ExpositionEntry
{
    /// <summary>The input is exhausted (after <c># EOF</c> in OpenMetrics).</summary>
    EndOfInput,

    /// <summary>A <c># HELP name text</c> line.</summary>
    Help,

    /// <summary>A <c># TYPE name type</c> line.</summary>
    Type,

    /// <summary>A <c># UNIT name unit</c> line (OpenMetrics only).</summary>
    Unit,

    /// <summary>A sample line: a series, a value, and optionally a timestamp and an exemplar.</summary>
    Sample,
}
