namespace InferScope.Server.Hosting;

/// <summary>Pretty-prints a PromQL expression for <c>/api/v1/format_query</c>.</summary>
public interface IQueryFormatter
{
    /// <summary>Returns the expression in Prometheus's canonical layout, such as <c>foo / bar</c>.</summary>
    /// <exception cref="PromQL.QueryException">The expression does not parse (error type bad_data).</exception>
    string Format(string query);
}
