using InferScope.Model;

namespace InferScope.Analysis.Rules;

/// <summary>The values a rule template can read: <c>$labels</c>, <c>$value</c> and <c>$externalLabels</c>.</summary>
public sealed record TemplateData(Labels Labels, double Value, Labels ExternalLabels);
