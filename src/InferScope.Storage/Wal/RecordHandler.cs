namespace InferScope.Storage.Wal;

/// <summary>Receives one record payload during replay; the span is valid only during the call.</summary>
internal delegate void RecordHandler(ReadOnlySpan<byte> payload);
