namespace InferScope.Server.Hosting;

/// <summary>Adapts a synchronously disposed store, such as the embedded TSDB, to <see cref="ServerComponents.Storage"/>.</summary>
public sealed class DisposeOnShutdown(IDisposable inner) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        inner.Dispose();
        return ValueTask.CompletedTask;
    }
}
