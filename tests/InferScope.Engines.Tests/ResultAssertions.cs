using InferScope.Exposition;
using InferScope.Model;

namespace InferScope.Engines.Tests;

/// <summary>Lookups into a <see cref="NormalizationResult"/> that fail with the names involved.</summary>
internal static class ResultAssertions
{
    public static MetricFamily Family(this NormalizationResult result, string familyName) =>
        result.Unified.SingleOrDefault(f => f.Name == familyName)
        ?? throw new Xunit.Sdk.XunitException(
            $"No unified family {familyName}; the result has: {string.Join(", ", result.Unified.Select(f => f.Name))}.");

    public static bool Has(this NormalizationResult result, string familyName) =>
        result.Unified.Any(f => f.Name == familyName);

    /// <summary>Returns the only sample named <paramref name="sampleName"/> whose labels include all the given pairs.</summary>
    public static MetricPoint Sample(this NormalizationResult result, string sampleName, params string[] labelPairs)
    {
        var matches = result.Unified
            .SelectMany(f => f.Points)
            .Where(p => p.Labels.MetricName == sampleName && Matches(p.Labels, labelPairs))
            .ToList();
        if (matches.Count != 1)
        {
            throw new Xunit.Sdk.XunitException(
                $"Expected one sample {sampleName} with {string.Join(",", labelPairs)} but found {matches.Count}: "
                + string.Join("; ", matches.Select(m => m.Labels.ToString())));
        }

        return matches[0];
    }

    public static double Value(this NormalizationResult result, string sampleName, params string[] labelPairs) =>
        result.Sample(sampleName, labelPairs).Value;

    private static bool Matches(Labels labels, string[] pairs)
    {
        for (var i = 0; i < pairs.Length; i += 2)
        {
            if (labels.Get(pairs[i]) != pairs[i + 1])
            {
                return false;
            }
        }

        return true;
    }
}
