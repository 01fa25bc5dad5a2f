using InferScope.Model;
using InferScope.Storage.Index;

namespace InferScope.Storage.Head;

/// <summary>
/// The head's inverted index from label pair to ascending series references. It changes only
/// when a series is created or dropped, never for a sample, so one reader-writer lock suffices.
/// </summary>
internal sealed class MemPostings : IPostingsSource
{
    private readonly ReaderWriterLockSlim sync = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, Dictionary<string, List<ulong>>> index = new(StringComparer.Ordinal);
    private readonly List<ulong> all = [];

    public void Add(ulong reference, Labels labels)
    {
        sync.EnterWriteLock();
        try
        {
            Insert(all, reference);
            foreach (var label in labels)
            {
                if (!index.TryGetValue(label.Name, out var values))
                {
                    values = new Dictionary<string, List<ulong>>(StringComparer.Ordinal);
                    index[label.Name] = values;
                }

                if (!values.TryGetValue(label.Value, out var list))
                {
                    list = [];
                    values[label.Value] = list;
                }

                Insert(list, reference);
            }
        }
        finally
        {
            sync.ExitWriteLock();
        }
    }

    public void Remove(IReadOnlyCollection<MemSeries> removed)
    {
        if (removed.Count == 0)
        {
            return;
        }

        var refs = removed.Select(s => s.Ref).ToHashSet();
        sync.EnterWriteLock();
        try
        {
            all.RemoveAll(refs.Contains);
            foreach (var series in removed)
            {
                foreach (var label in series.Labels)
                {
                    if (!index.TryGetValue(label.Name, out var values) || !values.TryGetValue(label.Value, out var list))
                    {
                        continue;
                    }

                    list.Remove(series.Ref);
                    if (list.Count == 0)
                    {
                        values.Remove(label.Value);
                        if (values.Count == 0)
                        {
                            index.Remove(label.Name);
                        }
                    }
                }
            }
        }
        finally
        {
            sync.ExitWriteLock();
        }
    }

    public ulong[] AllPostings()
    {
        sync.EnterReadLock();
        try
        {
            return [.. all];
        }
        finally
        {
            sync.ExitReadLock();
        }
    }

    public ulong[] Postings(string name, string value)
    {
        sync.EnterReadLock();
        try
        {
            return index.TryGetValue(name, out var values) && values.TryGetValue(value, out var list) ? [.. list] : [];
        }
        finally
        {
            sync.ExitReadLock();
        }
    }

    public IReadOnlyCollection<string> LabelValues(string name)
    {
        sync.EnterReadLock();
        try
        {
            return index.TryGetValue(name, out var values) ? [.. values.Keys] : [];
        }
        finally
        {
            sync.ExitReadLock();
        }
    }

    public IReadOnlyCollection<string> LabelNames()
    {
        sync.EnterReadLock();
        try
        {
            return [.. index.Keys];
        }
        finally
        {
            sync.ExitReadLock();
        }
    }

    /// <summary>Returns each label name with the number of series per value, for the status statistics.</summary>
    public List<(string Name, string Value, int Series)> PairCounts()
    {
        sync.EnterReadLock();
        try
        {
            var result = new List<(string, string, int)>();
            foreach (var (name, values) in index)
            {
                foreach (var (value, list) in values)
                {
                    result.Add((name, value, list.Count));
                }
            }

            return result;
        }
        finally
        {
            sync.ExitReadLock();
        }
    }

    private static void Insert(List<ulong> list, ulong reference)
    {
        // References grow over time, so the new one almost always goes at the end.
        var index = list.Count;
        while (index > 0 && list[index - 1] > reference)
        {
            index--;
        }

        if (index > 0 && list[index - 1] == reference)
        {
            return;
        }

        list.Insert(index, reference);
    }
}
