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
}
