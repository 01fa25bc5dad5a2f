namespace InferScope.Analysis.Diagnosis;

/// <summary>Checks the metrics for one cause and returns a finding for each place it applies.</summary>
public interface IDiagnosisProbe
{
    Task<IReadOnlyList<Finding>> RunAsync(DiagnosisContext context, EndpointSignals signals, CancellationToken cancellationToken);
}
