namespace InferScope.Simulation.Metrics;

/// <summary>How an exporter prints sample values; each real exporter's library has its own habits.</summary>
public enum FloatStyle
{
    /// <summary>Python prometheus_client: <c>1.0</c>, <c>0.0</c>, and an exponent once 7+ integer digits (<c>1.7537953269352946e+09</c>).</summary>
    Python,

    /// <summary>Go client_golang (<c>strconv 'g'</c>, shortest): <c>70882</c>, <c>2.5276203008e+10</c>, <c>1e-05</c>.</summary>
    Go,

    /// <summary>Rust metrics-exporter-prometheus: shortest digits, never an exponent (<c>109</c>, <c>0.00015000000000000001</c>).</summary>
    Rust,

    /// <summary>DCGM exporter float fields, C <c>%f</c>: six decimals (<c>40.979000</c>).</summary>
    FixedSix,

    /// <summary>DCGM exporter integer fields: the value rounded to an integer (<c>2310</c>).</summary>
    Integer,
}
