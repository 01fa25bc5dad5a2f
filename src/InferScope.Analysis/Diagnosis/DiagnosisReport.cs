namespace InferScope.Analysis.Diagnosis;

/// <summary>The ranked findings of one diagnosis run, most urgent first.</summary>
public sealed record DiagnosisReport(DiagnosisRequest Request, IReadOnlyList<Finding> Findings, int QueryCount);
