using System.Collections.Frozen;

namespace InferScope.PromQL.Syntax;

/// <summary>
/// A PromQL function's signature. <see cref="OptionalArgs"/> trailing arguments may be left out;
/// a negative value means the last argument type repeats without limit.
/// </summary>
public sealed record FunctionInfo(string Name, ValueKind[] ArgKinds, int OptionalArgs, ValueKind ReturnKind)
{
    private static readonly ValueKind scalar = ValueKind.Scalar;
    private static readonly ValueKind vector = ValueKind.Vector;
    private static readonly ValueKind matrix = ValueKind.Matrix;
    private static readonly ValueKind text = ValueKind.String;

    private static readonly FrozenDictionary<string, FunctionInfo> catalog = Build().ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public bool Variadic => OptionalArgs != 0;

    public static FunctionInfo? Find(string name) => catalog.GetValueOrDefault(name);

    private static IEnumerable<FunctionInfo> Build()
    {
        string[] vectorMath =
        [
            "abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn", "acos", "acosh", "asin", "asinh",
            "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad", "timestamp", "sort",
            "sort_desc", "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar",
        ];
        foreach (var name in vectorMath)
        {
            yield return new FunctionInfo(name, [vector], 0, vector);
        }

        string[] overTime =
        [
            "rate", "irate", "increase", "delta", "idelta", "deriv", "changes", "resets", "avg_over_time",
            "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "stddev_over_time",
            "stdvar_over_time", "last_over_time", "first_over_time", "mad_over_time", "present_over_time",
            "absent_over_time", "ts_of_min_over_time", "ts_of_max_over_time", "ts_of_last_over_time",
            "ts_of_first_over_time",
        ];
        foreach (var name in overTime)
        {
            yield return new FunctionInfo(name, [matrix], 0, vector);
        }

        string[] calendar = ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"];
        foreach (var name in calendar)
        {
            yield return new FunctionInfo(name, [vector], 1, vector);
        }

        yield return new FunctionInfo("pi", [], 0, scalar);
        yield return new FunctionInfo("time", [], 0, scalar);
        yield return new FunctionInfo("start", [], 0, scalar);
        yield return new FunctionInfo("end", [], 0, scalar);
        yield return new FunctionInfo("range", [], 0, scalar);
        yield return new FunctionInfo("step", [], 0, scalar);
        yield return new FunctionInfo("min_of", [scalar, scalar], 0, scalar);
        yield return new FunctionInfo("max_of", [scalar, scalar], 0, scalar);
        yield return new FunctionInfo("round", [vector, scalar], 1, vector);
        yield return new FunctionInfo("clamp", [vector, scalar, scalar], 0, vector);
        yield return new FunctionInfo("clamp_min", [vector, scalar], 0, vector);
        yield return new FunctionInfo("clamp_max", [vector, scalar], 0, vector);
        yield return new FunctionInfo("vector", [scalar], 0, vector);
        yield return new FunctionInfo("scalar", [vector], 0, scalar);
        yield return new FunctionInfo("absent", [vector], 0, vector);
        yield return new FunctionInfo("predict_linear", [matrix, scalar], 0, vector);
        yield return new FunctionInfo("quantile_over_time", [scalar, matrix], 0, vector);
        yield return new FunctionInfo("double_exponential_smoothing", [matrix, scalar, scalar], 0, vector);
        yield return new FunctionInfo("histogram_quantile", [scalar, vector], 0, vector);
        yield return new FunctionInfo("histogram_fraction", [scalar, scalar, vector], 0, vector);
        yield return new FunctionInfo("histogram_quantiles", [vector, text, scalar], -1, vector);
        yield return new FunctionInfo("label_replace", [vector, text, text, text, text], 0, vector);
        yield return new FunctionInfo("label_join", [vector, text, text, text], -1, vector);
        yield return new FunctionInfo("sort_by_label", [vector, text], -1, vector);
        yield return new FunctionInfo("sort_by_label_desc", [vector, text], -1, vector);
    }
}
