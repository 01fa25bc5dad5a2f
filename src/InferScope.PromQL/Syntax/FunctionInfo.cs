using System.Collections.Frozen;

namespace InferScope.PromQL.Syntax;

/// <summary>
/// A PromQL function's signature. <see cref="OptionalArgs"/> trailing arguments may be left out;
/// a negative value means the last argument type repeats without limit.
/// </summary>
public sealed record FunctionInfo(string Name, ValueKind[] ArgKinds, int OptionalArgs, ValueKind ReturnKind)
{
    private static readonly ValueKind ScalarKind = ValueKind.Scalar;
    private static readonly ValueKind VectorKind = ValueKind.Vector;
    private static readonly ValueKind MatrixKind = ValueKind.Matrix;
    private static readonly ValueKind StringKind = ValueKind.String;

    private static readonly FrozenDictionary<string, FunctionInfo> Catalog = Build().ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public bool Variadic => OptionalArgs != 0;

    public static FunctionInfo? Find(string name) => Catalog.GetValueOrDefault(name);

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
            yield return new FunctionInfo(name, [VectorKind], 0, VectorKind);
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
            yield return new FunctionInfo(name, [MatrixKind], 0, VectorKind);
        }

        string[] calendar = ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"];
        foreach (var name in calendar)
        {
            yield return new FunctionInfo(name, [VectorKind], 1, VectorKind);
        }

        yield return new FunctionInfo("pi", [], 0, ScalarKind);
        yield return new FunctionInfo("time", [], 0, ScalarKind);
        yield return new FunctionInfo("start", [], 0, ScalarKind);
        yield return new FunctionInfo("end", [], 0, ScalarKind);
        yield return new FunctionInfo("range", [], 0, ScalarKind);
        yield return new FunctionInfo("step", [], 0, ScalarKind);
        yield return new FunctionInfo("min_of", [ScalarKind, ScalarKind], 0, ScalarKind);
        yield return new FunctionInfo("max_of", [ScalarKind, ScalarKind], 0, ScalarKind);
        yield return new FunctionInfo("round", [VectorKind, ScalarKind], 1, VectorKind);
        yield return new FunctionInfo("clamp", [VectorKind, ScalarKind, ScalarKind], 0, VectorKind);
        yield return new FunctionInfo("clamp_min", [VectorKind, ScalarKind], 0, VectorKind);
        yield return new FunctionInfo("clamp_max", [VectorKind, ScalarKind], 0, VectorKind);
        yield return new FunctionInfo("vector", [ScalarKind], 0, VectorKind);
        yield return new FunctionInfo("scalar", [VectorKind], 0, ScalarKind);
        yield return new FunctionInfo("absent", [VectorKind], 0, VectorKind);
        yield return new FunctionInfo("predict_linear", [MatrixKind, ScalarKind], 0, VectorKind);
        yield return new FunctionInfo("quantile_over_time", [ScalarKind, MatrixKind], 0, VectorKind);
        yield return new FunctionInfo("double_exponential_smoothing", [MatrixKind, ScalarKind, ScalarKind], 0, VectorKind);
        yield return new FunctionInfo("histogram_quantile", [ScalarKind, VectorKind], 0, VectorKind);
        yield return new FunctionInfo("histogram_fraction", [ScalarKind, ScalarKind, VectorKind], 0, VectorKind);
        yield return new FunctionInfo("histogram_quantiles", [VectorKind, StringKind, ScalarKind], -1, VectorKind);
        yield return new FunctionInfo("label_replace", [VectorKind, StringKind, StringKind, StringKind, StringKind], 0, VectorKind);
        yield return new FunctionInfo("label_join", [VectorKind, StringKind, StringKind, StringKind], -1, VectorKind);
        yield return new FunctionInfo("sort_by_label", [VectorKind, StringKind], -1, VectorKind);
        yield return new FunctionInfo("sort_by_label_desc", [VectorKind, StringKind], -1, VectorKind);
    }
}
