using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace InferScope.Dashboard.Tests;

/// <summary>
/// Runs the built <c>inferscope</c> command as a child process, the way a user starts it, and
/// finds the server's address in its console output.
/// </summary>
public sealed partial class InferScopeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output;

    private InferScopeProcess(Process process, StringBuilder output, Uri baseAddress)
    {
        this.process = process;
        this.output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>inferscope ARGS</c> and waits for the server's address: the first line that
    /// <paramref name="addressLine"/> matches, whose group "url" contains the address.
    /// </summary>
    public static async Task<InferScopeProcess> StartAsync(IEnumerable<string> arguments, Regex addressLine, TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "inferscope.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
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
                log.AppendLine(line);
            }

            var match = addressLine.Match(line);
            if (match.Success)
            {
                address.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var finished = await Task.WhenAny(address.Task, exited, Task.Delay(timeout));
        if (finished != address.Task)
        {
            var reason = finished == exited ? $"exited with code {process.ExitCode}" : $"printed no address within {timeout}";
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            string text;
            lock (log)
            {
                text = log.ToString();
            }

            throw new InvalidOperationException($"inferscope {string.Join(' ', arguments)} {reason}. Output:\n{text}");
        }

        var root = new Uri((await address.Task).GetLeftPart(UriPartial.Authority) + "/");
        return new InferScopeProcess(process, log, root);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>The line <c>inferscope demo</c> prints with the dashboard's address.</summary>
    [GeneratedRegex(@"^Dashboard: (?<url>http://\S+)")]
    public static partial Regex DemoAddress();

    /// <summary>The line <c>inferscope serve</c> prints once it listens.</summary>
    [GeneratedRegex(@"^InferScope serving .* at (?<url>http://\S+)")]
    public static partial Regex ServeAddress();
}
