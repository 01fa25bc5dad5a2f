using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace InferScope.Benchmarks.Dashboard;

/// <summary>Runs <c>inferscope demo</c> as a child process and finds the dashboard's address in its output.</summary>
internal sealed partial class DemoProcess : IAsyncDisposable
{
    private readonly Process process;

    private DemoProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<DemoProcess> StartAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "inferscope.dll"));
        start.ArgumentList.Add("demo");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Failed to start dotnet inferscope.dll.");
        var log = new StringBuilder();
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                // Keep the start of the output for an error message; the scrape warnings that follow can be many.
                if (log.Length < 16_000)
                {
                    log.AppendLine(line);
                }
            }

            if (DashboardLine().Match(line) is { Success: true } match)
            {
                address.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var finished = await Task.WhenAny(address.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != address.Task)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            lock (log)
            {
                throw new InvalidOperationException($"inferscope demo printed no dashboard address within {timeout}. Output:\n{log}");
            }
        }

        return new DemoProcess(process, await address.Task.ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
    }

    [GeneratedRegex(@"^Dashboard: (?<url>http://\S+)")]
    private static partial Regex DashboardLine();
}
