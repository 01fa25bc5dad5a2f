using System.Globalization;
using System.Text.Json;
using InferScope.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Tests.Support;

/// <summary>
/// <c>inferscope serve</c> run in the test process by <see cref="ServeRunner"/>, on a free loopback
/// port with its configuration and data in a temporary folder.
/// </summary>
internal sealed class ServeInstance : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource stop;
    private readonly Task serving;
    private readonly StringWriter output;

    private ServeInstance(string folder, string configPath, CancellationTokenSource stop, Task serving, StringWriter output, Uri baseAddress, HttpMessageHandler? handler)
    {
        Folder = folder;
        ConfigPath = configPath;
        this.stop = stop;
        this.serving = serving;
        this.output = output;
        BaseAddress = baseAddress;
        Client = handler is null ? new HttpClient() : new HttpClient(handler);
        Client.BaseAddress = baseAddress;
        Client.Timeout = TimeSpan.FromSeconds(30);
    }

    public string Folder { get; }

    public string ConfigPath { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>Writes <paramref name="yaml"/> as the configuration and starts serving on 127.0.0.1 with a port the OS picks.</summary>
    public static async Task<ServeInstance> StartAsync(string yaml, HttpMessageHandler? handler = null, string? folder = null)
    {
        folder ??= Directory.CreateTempSubdirectory("inferscope-serve-").FullName;
        var configPath = Path.Combine(folder, "inferscope.yaml");
        await File.WriteAllTextAsync(configPath, yaml);
        var started = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var options = new ServerOptions
        {
            ConfigPath = configPath,
            ListenAddress = "127.0.0.1:0",
            DataDir = Path.Combine(folder, "data"),
            WatchConfig = false,
            MinimumLogLevel = LogLevel.Warning,
            OnStarted = urls => started.TrySetResult(urls),
        };
        var serving = Task.Run(() => ServeRunner.RunAsync(options, TextWriter.Synchronized(output), stop.Token));
        var first = await Task.WhenAny(started.Task, serving, Task.Delay(StartTimeout));
        if (first == serving)
        {
            await serving;
        }

        if (!started.Task.IsCompleted)
        {
            await stop.CancelAsync();
            throw new TimeoutException($"serve did not start within {StartTimeout.TotalSeconds} s.");
        }

        var address = new Uri((await started.Task)[0]);
        return new ServeInstance(folder, configPath, stop, serving, output, address, handler);
    }

    /// <summary>Runs an instant query through <c>/api/v1/query</c> and returns <c>data.result</c>.</summary>
    public async Task<JsonElement> QueryAsync(string query, DateTimeOffset? time = null)
    {
        var uri = $"/api/v1/query?query={Uri.EscapeDataString(query)}";
        if (time is { } at)
        {
            uri += "&time=" + (at.ToUnixTimeMilliseconds() / 1000.0).ToString(CultureInfo.InvariantCulture);
        }

        var body = await Client.GetStringAsync(uri);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>Repeats an instant query until it returns at least one series, and returns the first.</summary>
    public async Task<JsonElement> WaitForSeriesAsync(string query, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (serving.IsCompleted)
            {
                await serving;
            }

            var result = await QueryAsync(query);
            if (result.GetArrayLength() > 0)
            {
                return result[0];
            }

            last = result.ToString();
            await Task.Delay(200);
        }

        throw new TimeoutException($"No series for {query} within the timeout. Last result: {last}. Server output: {output}");
    }

    /// <summary>Replaces the configuration file and reloads it through <c>POST /-/reload</c>.</summary>
    public async Task ReloadAsync(string yaml)
    {
        await File.WriteAllTextAsync(ConfigPath, yaml);
        using var response = await Client.PostAsync("/-/reload", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"reload failed with HTTP {(int)response.StatusCode}: {body}");
    }

    /// <summary>Returns the value of an instant-vector sample.</summary>
    public static double ValueOf(JsonElement sample) =>
        double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);

    public static string? LabelOf(JsonElement sample, string name) =>
        sample.GetProperty("metric").TryGetProperty(name, out var value) ? value.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await stop.CancelAsync();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
            // Stopping by cancellation is the expected end.
        }

        stop.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temporary folder is left behind.
        }
    }
}
