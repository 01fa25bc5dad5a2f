using InferScope.PromQL;

namespace InferScope.Server.Hosting;

/// <summary>Formats queries with the PromQL parser and printer; a syntax error is a bad_data failure.</summary>
public sealed class PromQLFormatter : IQueryFormatter
{
    public string Format(string query) => LocalQueryEngine.ParseQuery(query).ToString();
}
