namespace InferScope.Simulation.Traffic;

/// <summary>A generated client request before routing: when it arrives and its shape.</summary>
public readonly record struct ArrivalRequest(double Time, int PromptTokens, int OutputTokens, int MaxTokens, int PrefixId, int PrefixTokens);
