namespace InferScope.Analysis.Diagnosis;

/// <summary>How urgent a finding is; findings are ranked by severity first.</summary>
public enum Severity
{
    Info,
    Warning,
    Critical,
}
