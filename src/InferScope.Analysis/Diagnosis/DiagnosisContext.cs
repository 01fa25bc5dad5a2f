using InferScope.Model;
using InferScope.PromQL;

namespace InferScope.Analysis.Diagnosis;

/// <summary>
/// The state of one diagnosis run: the query engine, the request, and every query's result as
/// <see cref="Evidence"/>. A failed query becomes evidence with an error, so one bad query does
/// not stop the other probes.
/// </summary>
public sealed class DiagnosisContext(IQueryEngine engine, DiagnosisRequest request, DiagnosisOptions options)
{
    private readonly Dictionary<string, Evidence> cache = new(StringComparer.Ordinal);

    public DiagnosisRequest Request { get; } = request;

    public DiagnosisOptions Options { get; } = options;

    /// <summary>The window as a PromQL range, such as <c>15m</c>.</summary>
    public string Range { get; } = PrometheusDuration.Format(request.Window);

    /// <summary>Returns a selector with the endpoint filter and any extra matchers, such as <c>{endpoint="chat",reason="thermal"}</c>.</summary>
    public string Selector(string extraMatchers = "")
    {
        var matchers = new List<string>();
        if (Request.Endpoint is not null)
        {
            matchers.Add($"{LlmLabels.Endpoint}=\"{LabelText.EscapeValue(Request.Endpoint)}\"");
        }

        if (extraMatchers.Length > 0)
        {
            matchers.Add(extraMatchers);
        }

        return matchers.Count == 0 ? string.Empty : "{" + string.Join(",", matchers) + "}";
    }

    /// <summary>Runs an instant query at the request's time; repeated expressions are served from the run's cache.</summary>
    public async Task<Evidence> QueryAsync(string expression, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        Evidence evidence;
        try
        {
            var result = await engine.InstantQueryAsync(expression, Request.At, cancellationToken).ConfigureAwait(false);
            var values = result.Type == ResultType.Scalar && result.Scalar is { } scalar
                ? [new EvidenceValue(Labels.Empty, scalar.Value)]
                : result.Series.Where(s => s.Points.Count > 0).Select(s => new EvidenceValue(s.Labels, s.Points[^1].Value)).ToList();
            evidence = new Evidence(expression, Request.At, values);
        }
        catch (QueryException e)
        {
            evidence = new Evidence(expression, Request.At, [], e.Message);
        }

        cache[expression] = evidence;
        return evidence;
    }

    /// <summary>Every query the run made, in no particular order.</summary>
    public IReadOnlyCollection<Evidence> AllEvidence => cache.Values;
}
