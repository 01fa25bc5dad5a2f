namespace InferScope.Ingestion.RemoteWrite;

/// <summary>Where and how <see cref="RemoteWriteStorage"/> sends samples.</summary>
public sealed record RemoteWriteSenderOptions
{
    /// <summary>The receiver's URL, such as <c>http://vm:8428/api/v1/write</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>The timeout of one HTTP request; default 30 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The maximum samples in one request; larger commits are split. Default 2,000.</summary>
    public int MaxSamplesPerSend { get; init; } = 2000;

    /// <summary>How many times a request is sent in all before the commit fails; default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry, doubled for each further one; default 100 ms.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between retries; default 5 seconds.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra request headers, such as Authorization.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
