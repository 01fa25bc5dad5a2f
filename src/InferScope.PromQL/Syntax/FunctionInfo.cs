using System.Collections.Frozen;

namespace InferScope.PromQL.Syntax;

/// <summary>
/// A PromQL function's signature. <see cref="OptionalArgs"/> trailing arguments may be left out;
/// a negative value means the last argument type repeats without limit.
/// </summary>
public sealed record FunctionInfo(string Name, ValueKind[] ArgKinds, int OptionalArgs, ValueKind ReturnKind)
{
    private static readonly ValueKind S = ValueKind.Scalar;
    private static readonly ValueKind V = ValueKind.Vector;
    private static readonly ValueKind M = ValueKind.Matrix;
    private static readonly ValueKind Str = ValueKind.String;

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
            yield return new FunctionInfo(name, [V], 0, V);
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
            yield return new FunctionInfo(name, [M], 0, V);
        }

        string[] calendar = ["day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year"];
        foreach (var name in calendar)
        {
            yield return new FunctionInfo(name, [V], 1, V);
        }

        yield return new FunctionInfo("pi", [], 0, S);
        yield return new FunctionInfo("time", [], 0, S);
        yield return new FunctionInfo("start", [], 0, S);
        yield return new FunctionInfo("end", [], 0, S);
        yield return new FunctionInfo("range", [], 0, S);
        yield return new FunctionInfo("step", [], 0, S);
        yield return new FunctionInfo("min_of", [S, S], 0, S);
        yield return new FunctionInfo("max_of", [S, S], 0, S);
        yield return new FunctionInfo("round", [V, S], 1, V);
        yield return new FunctionInfo("clamp", [V, S, S], 0, V);
        yield return new FunctionInfo("clamp_min", [V, S], 0, V);
        yield return new FunctionInfo("clamp_max", [V, S], 0, V);
        yield return new FunctionInfo("vector", [S], 0, V);
        yield return new FunctionInfo("scalar", [V], 0, S);
        yield return new FunctionInfo("absent", [V], 0, V);
        yield return new FunctionInfo("predict_linear", [M, S], 0, V);
        yield return new FunctionInfo("quantile_over_time", [S, M], 0, V);
        yield return new FunctionInfo("double_exponential_smoothing", [M, S, S], 0, V);
        yield return new FunctionInfo("histogram_quantile", [S, V], 0, V);
        yield return new FunctionInfo("histogram_fraction", [S, S, V], 0, V);
        yield return new FunctionInfo("histogram_quantiles", [V, Str, S], -1, V);
        yield return new FunctionInfo("label_replace", [V, Str, Str, Str, Str], 0, V);
        yield return new FunctionInfo("label_join", [V, Str, Str, Str], -1, V);
        yield return new FunctionInfo("sort_by_label", [V, Str], -1, V);
        yield return new FunctionInfo("sort_by_label_desc", [V, Str], -1, V);
    }
}
