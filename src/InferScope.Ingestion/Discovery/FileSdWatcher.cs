using InferScope.Ingestion.Scraping;
using Microsoft.Extensions.Logging;

namespace InferScope.Ingestion.Discovery;

/// <summary>
/// Keeps the instances listed by one endpoint's file_sd files current. It rereads the files when a
/// file system event reports a change and on the refresh interval, and calls
/// <see cref="Changed"/> when the instance list changed. A file that fails to parse keeps the
/// instances it listed last.
/// </summary>
internal sealed class FileSdWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly IReadOnlyList<string> patterns;
    private readonly ILogger logger;
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly Dictionary<string, IReadOnlyList<ScrapeInstance>> lastGood = new(StringComparer.Ordinal);
    private readonly Lock readLock = new();
    private readonly ITimer refreshTimer;
    private readonly ITimer debounceTimer;

    public FileSdWatcher(IReadOnlyList<string> patterns, TimeSpan refreshInterval, TimeProvider time, ILogger logger)
    {
        this.patterns = patterns;
        this.logger = logger;
        Instances = ReadAll();
        foreach (var directory in patterns.Select(p => Path.GetDirectoryName(Path.GetFullPath(p)) ?? ".").Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(directory))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }

        debounceTimer = time.CreateTimer(_ => Refresh(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        refreshTimer = time.CreateTimer(_ => Refresh(), null, refreshInterval, refreshInterval);
    }

    /// <summary>Raised on a thread-pool thread after the instance list changed.</summary>
    public event Action? Changed;

    /// <summary>The instances of all matching files, in file order.</summary>
    public IReadOnlyList<ScrapeInstance> Instances { get; private set; }

    public void Dispose()
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        refreshTimer.Dispose();
        debounceTimer.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) =>
        debounceTimer.Change(Debounce, Timeout.InfiniteTimeSpan);

    private void Refresh()
    {
        IReadOnlyList<ScrapeInstance> updated;
        lock (readLock)
        {
            updated = ReadAll();
            if (updated.SequenceEqual(Instances, ScrapeInstanceComparer.Instance))
            {
                return;
            }

            Instances = updated;
        }

        Changed?.Invoke();
    }

    private List<ScrapeInstance> ReadAll()
    {
        var all = new List<ScrapeInstance>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            foreach (var file in FileSdReader.Expand(pattern))
            {
                seen.Add(file);
                try
                {
                    var instances = FileSdReader.Read(file);
                    lastGood[file] = instances;
                    IngestionLog.FileSdRead(logger, file, instances.Count);
                }
                catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
                {
                    IngestionLog.FileSdReadFailed(logger, e, file);
                }

                if (lastGood.TryGetValue(file, out var kept))
                {
                    all.AddRange(kept);
                }
            }
        }

        // A deleted file's targets go away with it.
        foreach (var gone in lastGood.Keys.Where(f => !seen.Contains(f)).ToList())
        {
            lastGood.Remove(gone);
        }

        return all;
    }
}
