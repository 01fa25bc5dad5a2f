namespace InferScope.Commands;

/// <summary>
/// A progress reporter that runs its handler on the reporting thread, before Report returns.
/// Unlike Progress&lt;T&gt;, no report can arrive after the command has finished and its output
/// is closed.
/// </summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
