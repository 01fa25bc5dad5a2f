namespace InferScope.Simulation.Engine;

/// <summary>
/// One inference request inside a simulated engine. Times are virtual seconds since the fleet
/// started; <see cref="double.NaN"/> marks a time that has not happened yet.
/// </summary>
public sealed class SimRequest
{
    public SimRequest(long id, double arrivalTime, int promptTokens, int targetOutputTokens, int maxTokens)
    {
        if (promptTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(promptTokens), promptTokens, "A request needs at least one prompt token.");
        }

        if (targetOutputTokens < 1 || maxTokens < targetOutputTokens)
        {
            throw new ArgumentOutOfRangeException(
                nameof(targetOutputTokens), targetOutputTokens, $"Output tokens must be in [1, max_tokens={maxTokens}].");
        }

        Id = id;
        ArrivalTime = arrivalTime;
        PromptTokens = promptTokens;
        TargetOutputTokens = targetOutputTokens;
        MaxTokens = maxTokens;
        PrefillTarget = promptTokens;
    }

    public long Id { get; }

    /// <summary>When the request reached the engine, after the router.</summary>
    public double ArrivalTime { get; }

    public int PromptTokens { get; }

    /// <summary>Output tokens the request generates before it stops.</summary>
    public int TargetOutputTokens { get; }

    /// <summary>The request's <c>max_tokens</c>; reaching it finishes with <see cref="FinishReason.Length"/>.</summary>
    public int MaxTokens { get; }

    /// <summary>Identifier of the shared prompt prefix, or 0 for none.</summary>
    public int PrefixId { get; init; }

    /// <summary>Length of the shared prefix in tokens.</summary>
    public int PrefixTokens { get; init; }

    /// <summary>Seconds the router spent before handing the request to the engine.</summary>
    public double RouterOverheadSeconds { get; init; }

    /// <summary>Seconds outside the engine core (tokenization, detokenization).</summary>
    public double FrontendSeconds { get; init; }

    /// <summary>Whether the client asked for a chat completion rather than a text completion.</summary>
    public bool IsChat { get; init; }

    public IRequestListener? Listener { get; init; }

    /// <summary>Prompt tokens served from the prefix cache at the first scheduling.</summary>
    public int CachedTokens { get; internal set; }

    /// <summary>Tokens the current prefill must compute; after a preemption it covers the output so far.</summary>
    public int PrefillTarget { get; internal set; }

    public int PrefilledTokens { get; internal set; }

    /// <summary>Decode steps since the last prefill; KV tokens = prefilled + decoded.</summary>
    public int DecodedTokens { get; internal set; }

    public int OutputTokens { get; internal set; }

    public int BlocksHeld { get; internal set; }

    public int Preemptions { get; internal set; }

    public double FirstScheduledTime { get; internal set; } = double.NaN;

    public double FirstTokenTime { get; internal set; } = double.NaN;

    public double LastTokenTime { get; internal set; } = double.NaN;

    public double FinishTime { get; internal set; } = double.NaN;

    public FinishReason FinishReason { get; internal set; }

    /// <summary>The data-parallel rank that served the request.</summary>
    public int Rank { get; internal set; }

    public bool IsPrefilling => PrefilledTokens < PrefillTarget;

    public int KvTokens => PrefilledTokens + DecodedTokens;

    public bool IsFinished => FinishReason != FinishReason.None;
}
