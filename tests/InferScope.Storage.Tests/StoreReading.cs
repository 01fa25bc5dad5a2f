using InferScope.Model;
using InferScope.Model.Storage;

namespace InferScope.Storage.Tests;

/// <summary>Helpers that read a whole store back for assertions.</summary>
internal static class StoreReading
{
    public static Dictionary<Labels, List<(long Timestamp, ulong Bits)>> ReadAll(
        Model.Storage.IQueryable store,
        IReadOnlyList<Matcher> matchers,
        long minTime = long.MinValue,
        long maxTime = long.MaxValue)
    {
        using var querier = store.CreateQuerier(minTime, maxTime);
        var result = new Dictionary<Labels, List<(long, ulong)>>();
        foreach (var series in querier.Select(matchers))
        {
            var samples = new List<(long, ulong)>();
            var iterator = series.CreateIterator();
            while (iterator.MoveNext())
            {
                samples.Add((iterator.Timestamp, BitConverter.DoubleToUInt64Bits(iterator.Value)));
            }

            result.Add(series.Labels, samples);
        }

        return result;
    }

    public static async Task AppendAsync(IAppendable store, Labels labels, params (long Timestamp, double Value)[] samples)
    {
        using var appender = store.CreateAppender();
        foreach (var (timestamp, value) in samples)
        {
            Assert.Equal(AppendStatus.Ok, appender.Append(labels, timestamp, value));
        }

        await appender.CommitAsync();
    }
}
