using InferScope.Simulation.Performance;

namespace InferScope.Simulation.Engine;

/// <summary>
/// The continuous-batching scheduler of one data-parallel rank, run in virtual time. Each step
/// decodes one token for every running request, spends the rest of the token budget on prompt
/// chunks, admits waiting requests while KV blocks are free, and preempts the newest request
/// (freeing its blocks for recomputation later) when a running request needs a block and none is
/// free, as vLLM's V1 scheduler does.
/// </summary>
public sealed class EngineScheduler
{
    private readonly PerformanceModel performance;
    private readonly IEngineObserver observer;
    private readonly PriorityQueue<SimRequest, (double Time, long Id)> pending = new();
    private readonly LinkedList<SimRequest> waiting = new();
    private readonly List<SimRequest> running = [];
    private readonly List<(SimRequest Request, int Tokens)> scheduled = [];
    private readonly HashSet<int> cachedPrefixes = [];
    private readonly int watermarkBlocks;

    public EngineScheduler(
        int rank,
        PerformanceModel performance,
        IEngineObserver observer,
        int maxNumSeqs,
        int maxBatchedTokens,
        double startTime = 0)
    {
        ArgumentNullException.ThrowIfNull(performance);
        ArgumentNullException.ThrowIfNull(observer);
        if (maxNumSeqs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumSeqs), maxNumSeqs, "max_num_seqs must be at least 1.");
        }

        if (maxBatchedTokens < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxBatchedTokens), maxBatchedTokens, "max_num_batched_tokens must be at least 1.");
        }

        Rank = rank;
        this.performance = performance;
        this.observer = observer;
        MaxNumSeqs = maxNumSeqs;
        MaxBatchedTokens = maxBatchedTokens;
        BlockSize = performance.Tuning.BlockSize;
        TotalBlocks = performance.KvBlockCount(BlockSize);
        FreeBlocks = TotalBlocks;
        watermarkBlocks = Math.Max(1, TotalBlocks / 100);
        Now = startTime;
    }

    public int Rank { get; }

    public PerformanceModel Performance => performance;

    /// <summary>Virtual time this scheduler has simulated up to, in seconds.</summary>
    public double Now { get; private set; }

    public int MaxNumSeqs { get; set; }

    public int MaxBatchedTokens { get; }

    public int BlockSize { get; }

    public int TotalBlocks { get; }

    public int FreeBlocks { get; private set; }

    public int UsedBlocks => TotalBlocks - FreeBlocks;

    /// <summary>KV-cache usage as a fraction from 0 to 1.</summary>
    public double KvCacheUsage => (double)UsedBlocks / TotalBlocks;

    public int RunningCount => running.Count;

    /// <summary>Requests that have arrived and wait to be scheduled (preempted ones included).</summary>
    public int WaitingCount => waiting.Count;

    /// <summary>Requests that have been given to this rank but whose arrival time is still ahead.</summary>
    public int PendingCount => pending.Count;

    /// <summary>Whether the last admission attempt stopped because the KV cache was full.</summary>
    public bool BlockedOnCapacity { get; private set; }

    /// <summary>SM clock as a fraction of boost; the GPU model lowers it when throttling.</summary>
    public double ClockFactor { get; set; } = 1.0;

    /// <summary>Tokens whose KV the running requests hold.</summary>
    public long UsedTokens
    {
        get
        {
            long sum = 0;
            foreach (var request in running)
            {
                sum += request.KvTokens;
            }

            return sum;
        }
    }

    /// <summary>Busy, compute and memory seconds accumulated since the last <see cref="TakeUtilization"/>.</summary>
    private double busySeconds;
    private double computeSeconds;
    private double memorySeconds;

    /// <summary>Returns the busy, compute and memory seconds since the last call, and resets them.</summary>
    public (double Busy, double Compute, double Memory) TakeUtilization()
    {
        var result = (busySeconds, computeSeconds, memorySeconds);
        busySeconds = 0;
        computeSeconds = 0;
        memorySeconds = 0;
        return result;
    }

    /// <summary>Hands a request to this rank; it joins the waiting queue at its arrival time.</summary>
    public void Submit(SimRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Rank = Rank;
        pending.Enqueue(request, (request.ArrivalTime, request.Id));
    }

    /// <summary>Aborts every request this rank holds, as when its GPU or process fails.</summary>
    public void AbortAll(double time)
    {
        MoveArrivals(double.PositiveInfinity);
        foreach (var request in running.Concat(waiting).ToList())
        {
            Finish(request, FinishReason.Abort, time);
        }

        running.Clear();
        waiting.Clear();
        FreeBlocks = TotalBlocks;
        Now = Math.Max(Now, time);
    }

    /// <summary>Runs steps until virtual time reaches <paramref name="time"/>.</summary>
    public void RunUntil(double time)
    {
        while (Now < time)
        {
            MoveArrivals(Now);
            if (running.Count == 0 && waiting.Count == 0)
            {
                // Idle: jump to the next arrival or to the end of the window.
                if (pending.TryPeek(out var next, out _) && next.ArrivalTime < time)
                {
                    Now = Math.Max(Now, next.ArrivalTime);
                    continue;
                }

                Now = time;
                return;
            }

            if (!Step())
            {
                Now = time;
                return;
            }
        }
    }

    private void MoveArrivals(double time)
    {
        while (pending.TryPeek(out var request, out var key) && key.Time <= time)
        {
            pending.Dequeue();
            waiting.AddLast(request);
            observer.OnArrived(Rank, request);
        }
    }

    private int BlocksFor(int tokens) => (tokens + BlockSize - 1) / BlockSize;

    /// <summary>Runs one step; returns false when nothing could be scheduled.</summary>
    private bool Step()
    {
        scheduled.Clear();
        var budget = MaxBatchedTokens;
        long prefillTokens = 0;
        double prefillAttended = 0;
        long prefillContext = 0;
        var prefillSequences = 0;
        var decodeSequences = 0;
        long decodeContext = 0;

        // Running requests first, oldest first: one token each for decode, a chunk for prefill.
        for (var i = 0; i < running.Count && budget > 0; i++)
        {
            var request = running[i];
            var tokens = request.IsPrefilling ? Math.Min(request.PrefillTarget - request.PrefilledTokens, budget) : 1;
            if (!Reserve(request, request.KvTokens + tokens, i))
            {
                // The request preempted itself: the list shrank, so the same index holds the next one.
                i--;
                continue;
            }

            budget -= tokens;
            scheduled.Add((request, tokens));
            if (request.IsPrefilling)
            {
                prefillSequences++;
                prefillTokens += tokens;
                prefillAttended += tokens * (request.PrefilledTokens + (tokens / 2.0));
                prefillContext += request.PrefilledTokens;
            }
            else
            {
                decodeSequences++;
                decodeContext += request.KvTokens;
            }
        }

        // Admit waiting requests in arrival order while the batch and the cache have room.
        BlockedOnCapacity = false;
        while (waiting.First is { } node && running.Count < MaxNumSeqs && budget > 0)
        {
            var request = node.Value;
            if (BlocksFor(request.PrefillTarget) > TotalBlocks - watermarkBlocks)
            {
                // The prompt can never fit: reject it, as engines do for a prompt over the cache size.
                waiting.RemoveFirst();
                Finish(request, FinishReason.Abort, Now);
                continue;
            }

            if (double.IsNaN(request.FirstScheduledTime))
            {
                ApplyPrefixCache(request);
            }

            var tokens = Math.Min(request.PrefillTarget - request.PrefilledTokens, budget);
            if (!performance.Tuning.ChunkedPrefill && tokens < request.PrefillTarget - request.PrefilledTokens && scheduled.Count > 0)
            {
                break;
            }

            var needed = BlocksFor(request.PrefilledTokens + tokens);
            if (needed > FreeBlocks - watermarkBlocks)
            {
                BlockedOnCapacity = true;
                break;
            }

            waiting.RemoveFirst();
            FreeBlocks -= needed;
            request.BlocksHeld = needed;
            running.Add(request);
            if (double.IsNaN(request.FirstScheduledTime))
            {
                request.FirstScheduledTime = Now;
                observer.OnScheduled(Rank, request);
            }

            budget -= tokens;
            scheduled.Add((request, tokens));
            prefillSequences++;
            prefillTokens += tokens;
            prefillAttended += tokens * (request.PrefilledTokens + (tokens / 2.0));
            prefillContext += request.PrefilledTokens;
        }

        if (scheduled.Count == 0)
        {
            return false;
        }

        var timing = performance.StepTime(
            prefillTokens, prefillAttended, prefillContext, scheduled.Count, decodeSequences, decodeContext, ClockFactor);
        var start = Now;
        Now += timing.DurationSeconds;
        busySeconds += timing.DurationSeconds;
        computeSeconds += timing.ComputeSeconds;
        memorySeconds += timing.MemorySeconds;

        foreach (var (request, tokens) in scheduled)
        {
            Advance(request, tokens);
        }

        running.RemoveAll(static r => r.IsFinished);
        observer.OnStep(
            Rank,
            new StepRecord(start, timing.DurationSeconds, timing.ComputeSeconds, timing.MemorySeconds,
                (int)prefillTokens, prefillSequences, decodeSequences));
        return true;
    }

    private void ApplyPrefixCache(SimRequest request)
    {
        if (!performance.Tuning.PrefixCaching || request.PrefixId == 0)
        {
            return;
        }

        if (cachedPrefixes.Add(request.PrefixId))
        {
            return;
        }

        // Only whole blocks are shared, and the last prompt token is always computed.
        var cached = Math.Min(request.PrefixTokens, request.PromptTokens - 1) / BlockSize * BlockSize;
        request.CachedTokens = cached;
        request.PrefilledTokens = cached;
    }

    /// <summary>
    /// Makes sure <paramref name="request"/> holds blocks for <paramref name="tokens"/> tokens,
    /// preempting the newest running requests when the cache is full. Returns false when the
    /// request itself had to be preempted.
    /// </summary>
    private bool Reserve(SimRequest request, int tokens, int index)
    {
        var needed = BlocksFor(tokens) - request.BlocksHeld;
        while (needed > FreeBlocks)
        {
            var victimIndex = running.Count - 1;
            var victim = running[victimIndex];
            Preempt(victim, victimIndex);
            if (victimIndex == index)
            {
                return false;
            }
        }

        if (needed > 0)
        {
            FreeBlocks -= needed;
            request.BlocksHeld += needed;
        }

        return true;
    }

    private void Preempt(SimRequest request, int index)
    {
        running.RemoveAt(index);
        FreeBlocks += request.BlocksHeld;
        request.BlocksHeld = 0;
        request.Preemptions++;

        // Recompute: the prompt and the output so far are prefilled again later.
        request.PrefillTarget = request.PromptTokens + request.OutputTokens;
        request.PrefilledTokens = 0;
        request.DecodedTokens = 0;
        waiting.AddFirst(request);
        observer.OnPreempted(Rank, request);
    }

    private void Advance(SimRequest request, int tokens)
    {
        if (request.IsPrefilling)
        {
            request.PrefilledTokens += tokens;
            if (request.IsPrefilling)
            {
                return;
            }
        }
        else
        {
            request.DecodedTokens++;
        }

        // The step sampled one new token for this request.
        request.OutputTokens++;
        if (double.IsNaN(request.FirstTokenTime))
        {
            request.FirstTokenTime = Now;
            observer.OnFirstToken(Rank, request);
        }
        else
        {
            observer.OnToken(Rank, request, Now - request.LastTokenTime);
        }

        request.LastTokenTime = Now;
        request.Listener?.OnTokens(request, 1, Now);
        if (request.OutputTokens >= request.TargetOutputTokens)
        {
            var reason = request.OutputTokens >= request.MaxTokens ? FinishReason.Length : FinishReason.Stop;
            FreeBlocks += request.BlocksHeld;
            request.BlocksHeld = 0;
            Finish(request, reason, Now);
        }
    }

    private void Finish(SimRequest request, FinishReason reason, double time)
    {
        request.FinishReason = reason;
        request.FinishTime = time;
        observer.OnFinished(Rank, request);
        request.Listener?.OnFinished(request);
    }
}
