using InferScope.Simulation.Engine;

namespace InferScope.Simulation.Performance;

/// <summary>
/// A closed-loop load test in virtual time, like <c>vllm bench serve --max-concurrency C</c>
/// with fixed input and output lengths: <c>concurrency</c> requests are always in flight, and
/// each completion starts the next one.
/// </summary>
public static class ClosedLoopBenchmark
{
    public static BenchmarkResult Run(
        PerformanceModel performance,
        int concurrency,
        int promptTokens,
        int outputTokens,
        int totalRequests)
    {
        ArgumentNullException.ThrowIfNull(performance);
        if (concurrency < 1 || totalRequests < concurrency)
        {
            throw new ArgumentOutOfRangeException(
                nameof(concurrency), concurrency, $"Concurrency must be in [1, total requests={totalRequests}].");
        }

        var observer = new Recorder();
        var tuning = performance.Tuning;
        var scheduler = new EngineScheduler(0, performance, observer, tuning.MaxNumSeqs, tuning.MaxBatchedTokens);
        long nextId = 1;
        var submitted = 0;

        // Each completion submits the next request at once, so the arrival is never behind the scheduler.
        observer.Completion = finishTime =>
        {
            if (submitted < totalRequests)
            {
                scheduler.Submit(new SimRequest(nextId++, finishTime, promptTokens, outputTokens, outputTokens));
                submitted++;
            }
        };
        for (var i = 0; i < concurrency; i++)
        {
            observer.Completion(0);
        }

        var horizon = 0.0;
        while (observer.Completed < totalRequests)
        {
            horizon += 1.0;
            scheduler.RunUntil(horizon);
            if (horizon > 1e7)
            {
                throw new InvalidOperationException("The benchmark did not finish within 10^7 virtual seconds.");
            }
        }

        var duration = observer.LastFinish;
        return new BenchmarkResult(
            observer.Completed,
            duration,
            observer.OutputTokens / duration,
            observer.TtftSum / observer.Completed,
            observer.GapCount == 0 ? 0 : observer.GapSum / observer.GapCount,
            observer.Preemptions);
    }

    private sealed class Recorder : IEngineObserver
    {
        public Action<double> Completion { get; set; } = static _ => { };

        public int Completed { get; private set; }

        public long OutputTokens { get; private set; }

        public double TtftSum { get; private set; }

        public double GapSum { get; private set; }

        public long GapCount { get; private set; }

        public int Preemptions { get; private set; }

        public double LastFinish { get; private set; }

        public void OnArrived(int rank, SimRequest request)
        {
        }

        public void OnScheduled(int rank, SimRequest request)
        {
        }

        public void OnFirstToken(int rank, SimRequest request) =>
            TtftSum += request.FirstTokenTime - request.ArrivalTime;

        public void OnToken(int rank, SimRequest request, double gapSeconds)
        {
            GapSum += gapSeconds;
            GapCount++;
        }

        public void OnPreempted(int rank, SimRequest request) => Preemptions++;

        public void OnFinished(int rank, SimRequest request)
        {
            Completed++;
            OutputTokens += request.OutputTokens;
            LastFinish = Math.Max(LastFinish, request.FinishTime);
            Completion(request.FinishTime);
        }

        public void OnStep(int rank, in StepRecord step)
        {
        }
    }
}
