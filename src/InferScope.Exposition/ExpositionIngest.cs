using InferScope.Model.Storage;

namespace InferScope.Exposition;

/// <summary>
/// Appends every sample of a payload to storage straight from the <see cref="ExpositionReader"/>,
/// without building families. With a warm <see cref="SeriesLabelsCache"/> and a reused
/// <see cref="ExpositionReaderState"/>, it allocates nothing per sample.
/// </summary>
public static class ExpositionIngest
{
    /// <summary>
    /// Reads <paramref name="utf8"/> and appends each sample to <paramref name="appender"/>, at its
    /// own timestamp or at <paramref name="scrapeTimestampMs"/> when it has none. Metadata lines are
    /// not recorded; parse the payload with <see cref="ExpositionParser"/> where metadata is needed.
    /// </summary>
    /// <exception cref="ExpositionParseException">
    /// The payload is malformed. Samples before the error were already appended, so the caller
    /// should roll the appender back to keep the scrape atomic.
    /// </exception>
    public static ExpositionAppendResult Append(
        ReadOnlySpan<byte> utf8,
        ExpositionFormat format,
        IAppender appender,
        long scrapeTimestampMs,
        SeriesLabelsCache cache,
        ExpositionReaderState? state = null)
    {
        ArgumentNullException.ThrowIfNull(appender);
        ArgumentNullException.ThrowIfNull(cache);
        var reader = new ExpositionReader(utf8, format, state);
        int samples = 0, appended = 0;
        ExpositionEntry entry;
        while ((entry = reader.Next()) != ExpositionEntry.EndOfInput)
        {
            if (entry != ExpositionEntry.Sample)
            {
                continue;
            }

            samples++;
            var timestamp = reader.HasTimestamp ? reader.TimestampMs : scrapeTimestampMs;
            if (appender.Append(cache.Get(reader), timestamp, reader.Value) == AppendStatus.Ok)
            {
                appended++;
            }
        }

        return new ExpositionAppendResult(samples, appended, samples - appended);
    }
}
