namespace InferScope.Ingestion.Scraping;

/// <summary>
/// The unified families kept when an endpoint sets <c>enable_detailed_observability: false</c>:
/// requests, errors and latency. Raw engine families and every other unified family are dropped,
/// and the scrape's own series (<c>up</c>, <c>scrape_*</c>) are always kept.
/// </summary>
public static class BasicMetricSet
{
    /// <summary>
    /// The family names of the basic set, without the <c>_total</c> suffix of counter samples.
    /// </summary>
    // NOTE: these names must match the unified catalog in InferScope.Engines; a family renamed there
    // silently leaves the basic set.
    public static IReadOnlySet<string> FamilyNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        // Requests.
        "llm_requests_received",
        "llm_requests_finished",
        "llm_requests_succeeded",
        "llm_endpoint_invocations",

        // Errors.
        "llm_requests_failed",
        "llm_endpoint_invocation_errors",

        // Latency.
        "llm_e2e_request_latency_seconds",
        "llm_model_latency_seconds",
        "llm_overhead_latency_seconds",
    };

    /// <summary>Returns whether a unified family belongs to the basic set.</summary>
    public static bool Contains(string familyName)
    {
        ArgumentNullException.ThrowIfNull(familyName);
        return FamilyNames.Contains(familyName)
            || (familyName.EndsWith("_total", StringComparison.Ordinal) && FamilyNames.Contains(familyName[..^6]));
    }
}
