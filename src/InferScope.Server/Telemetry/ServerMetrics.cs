using System.Collections.Concurrent;
using System.Diagnostics;
using InferScope.Model.Storage;

namespace InferScope.Server.Telemetry;

/// <summary>
/// The server's own metrics for <c>/metrics</c>: HTTP requests, query durations, ingested and
/// rejected samples, configuration reloads and process figures. Thread-safe.
/// </summary>
public sealed class ServerMetrics
{
    private readonly ConcurrentDictionary<(string Handler, int Code), long> requests = new();
    private readonly ConcurrentDictionary<string, Histogram> requestDurations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram> queryDurations = new(StringComparer.Ordinal);
    private readonly long[] rejected = new long[Enum.GetValues<AppendStatus>().Length];
    private readonly DateTimeOffset startTime = DateTimeOffset.UtcNow;
    private long appended;
    private long commits;
    private long reloadSuccessful = 1;
    private long lastReloadSuccessMs;
    private long reloadFailures;

    public ServerMetrics()
    {
        lastReloadSuccessMs = startTime.ToUnixTimeMilliseconds();
    }

    public void RecordRequest(string handler, int statusCode, TimeSpan duration)
    {
        requests.AddOrUpdate((handler, statusCode), 1, static (_, n) => n + 1);
        requestDurations.GetOrAdd(handler, static _ => new Histogram(Histogram.DurationBounds)).Observe(duration.TotalSeconds);
    }

    /// <summary>Records the engine time of one query; <paramref name="kind"/> is <c>instant</c> or <c>range</c>.</summary>
    public void RecordQuery(string kind, TimeSpan duration) =>
        queryDurations.GetOrAdd(kind, static _ => new Histogram(Histogram.DurationBounds)).Observe(duration.TotalSeconds);

    /// <summary>Adds a committed batch's counts; <paramref name="rejectedByStatus"/> is indexed by <see cref="AppendStatus"/>.</summary>
    public void RecordCommit(long appendedSamples, long[] rejectedByStatus)
    {
        ArgumentNullException.ThrowIfNull(rejectedByStatus);
        Interlocked.Add(ref appended, appendedSamples);
        Interlocked.Increment(ref commits);
        for (var i = 0; i < rejectedByStatus.Length && i < rejected.Length; i++)
        {
            if (rejectedByStatus[i] != 0)
            {
                Interlocked.Add(ref rejected[i], rejectedByStatus[i]);
            }
        }
    }

    public void RecordReload(bool success)
    {
        Interlocked.Exchange(ref reloadSuccessful, success ? 1 : 0);
        if (success)
        {
            Interlocked.Exchange(ref lastReloadSuccessMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        else
        {
            Interlocked.Increment(ref reloadFailures);
        }
    }

    public void WriteMetrics(MetricsTextWriter writer, string version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteFamily("inferscope_build_info", "gauge", "A constant 1 labelled with the InferScope version.");
        writer.WriteSample("inferscope_build_info", 1, ("version", version));

        writer.WriteFamily("inferscope_http_requests_total", "counter", "HTTP requests served, by handler and status code.");
        foreach (var ((handler, code), count) in requests.OrderBy(p => p.Key.Handler, StringComparer.Ordinal).ThenBy(p => p.Key.Code))
        {
            writer.WriteSample("inferscope_http_requests_total", count, ("code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("handler", handler));
        }

        writer.WriteFamily("inferscope_http_request_duration_seconds", "histogram", "Time to serve HTTP requests, by handler.");
        foreach (var (handler, histogram) in requestDurations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            histogram.Write(writer, "inferscope_http_request_duration_seconds", ("handler", handler));
        }

        writer.WriteFamily("inferscope_query_duration_seconds", "histogram", "PromQL evaluation time, by query kind (instant or range).");
        foreach (var (kind, histogram) in queryDurations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            histogram.Write(writer, "inferscope_query_duration_seconds", ("kind", kind));
        }

        writer.WriteFamily("inferscope_samples_appended_total", "counter", "Samples committed to storage from every ingest path.");
        writer.WriteSample("inferscope_samples_appended_total", Interlocked.Read(ref appended));
        writer.WriteFamily("inferscope_append_commits_total", "counter", "Committed append batches (scrapes and pushes).");
        writer.WriteSample("inferscope_append_commits_total", Interlocked.Read(ref commits));
        writer.WriteFamily("inferscope_samples_rejected_total", "counter", "Samples storage rejected, by reason.");
        foreach (var status in Enum.GetValues<AppendStatus>())
        {
            if (status != AppendStatus.Ok)
            {
                writer.WriteSample("inferscope_samples_rejected_total", Interlocked.Read(ref rejected[(int)status]), ("reason", ReasonName(status)));
            }
        }

        writer.WriteFamily("inferscope_config_last_reload_successful", "gauge", "1 when the last configuration reload succeeded, else 0.");
        writer.WriteSample("inferscope_config_last_reload_successful", Interlocked.Read(ref reloadSuccessful));
        writer.WriteFamily("inferscope_config_last_reload_success_timestamp_seconds", "gauge", "Unix time of the last successful configuration load.");
        writer.WriteSample("inferscope_config_last_reload_success_timestamp_seconds", Interlocked.Read(ref lastReloadSuccessMs) / 1000.0);
        writer.WriteFamily("inferscope_config_reload_failures_total", "counter", "Configuration reloads rejected as invalid.");
        writer.WriteSample("inferscope_config_reload_failures_total", Interlocked.Read(ref reloadFailures));

        WriteProcessMetrics(writer);
    }

    private void WriteProcessMetrics(MetricsTextWriter writer)
    {
        using var process = Process.GetCurrentProcess();
        writer.WriteFamily("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.");
        writer.WriteSample("process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds);
        writer.WriteFamily("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        writer.WriteSample("process_resident_memory_bytes", process.WorkingSet64);
        writer.WriteFamily("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.");
        writer.WriteSample("process_start_time_seconds", startTime.ToUnixTimeMilliseconds() / 1000.0);
        writer.WriteFamily("dotnet_gc_heap_size_bytes", "gauge", "Bytes of the managed heap after the last garbage collection.");
        writer.WriteSample("dotnet_gc_heap_size_bytes", GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    private static string ReasonName(AppendStatus status) => status switch
    {
        AppendStatus.OutOfOrder => "out_of_order",
        AppendStatus.DuplicateTimestamp => "duplicate_timestamp",
        AppendStatus.TooOld => "too_old",
        AppendStatus.TooNew => "too_new",
        AppendStatus.SeriesLimit => "series_limit",
        AppendStatus.InvalidLabels => "invalid_labels",
        _ => status.ToString().ToLowerInvariant(),
    };
}
