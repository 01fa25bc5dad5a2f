using InferScope.Model.Storage;

namespace InferScope.Ingestion.SelfMetrics;

/// <summary>The values of the <c>reason</c> label on <c>inferscope_ingest_rejected_samples_total</c>.</summary>
public static class RejectReason
{
    public const string OutOfOrder = "out_of_order";
    public const string DuplicateTimestamp = "duplicate_timestamp";
    public const string TooOld = "too_old";
    public const string TooNew = "too_new";
    public const string SeriesLimit = "series_limit";
    public const string InvalidLabels = "invalid_labels";
    public const string SampleLimit = "sample_limit";
    public const string BodySizeLimit = "body_size_limit";
    public const string ParseError = "parse_error";
    public const string InvalidRequest = "invalid_request";
    public const string NativeHistogram = "native_histogram_unsupported";
    public const string CommitFailed = "commit_failed";

    /// <summary>Returns the reason for a storage status other than <see cref="AppendStatus.Ok"/>.</summary>
    public static string FromStatus(AppendStatus status) => status switch
    {
        AppendStatus.OutOfOrder => OutOfOrder,
        AppendStatus.DuplicateTimestamp => DuplicateTimestamp,
        AppendStatus.TooOld => TooOld,
        AppendStatus.TooNew => TooNew,
        AppendStatus.SeriesLimit => SeriesLimit,
        AppendStatus.InvalidLabels => InvalidLabels,
        _ => "unknown",
    };

    /// <summary>
    /// Returns the reason for a rejected sample followed by the accepted window, for messages to the
    /// sender, such as <c>too_old (...)</c>. Other reasons are returned alone.
    /// </summary>
    // NOTE: the windows named are the embedded store's defaults; a remote store may accept others.
    public static string Explain(AppendStatus status) => status switch
    {
        AppendStatus.TooOld => TooOld + " (the store accepts samples from at most 1 h before its newest sample, "
            + "half of the default 2 h block range, and never inside a block already written to disk; resend recent data only)",
        AppendStatus.TooNew => TooNew + " (the store accepts samples at most 10 minutes ahead of the server's clock; "
            + "check the sender's clock and timestamp unit, which is milliseconds)",
        _ => FromStatus(status),
    };
}
