namespace InferScope.Simulation.Engine;

/// <summary>Why a request stopped generating, as engines report it in <c>finished_reason</c>.</summary>
public enum FinishReason
{
    /// <summary>Still running.</summary>
    None,

    /// <summary>The model produced an end-of-sequence token.</summary>
    Stop,

    /// <summary>The request reached <c>max_tokens</c>.</summary>
    Length,

    /// <summary>The engine dropped the request (failure, shutdown or a prompt that cannot fit).</summary>
    Abort,
}
