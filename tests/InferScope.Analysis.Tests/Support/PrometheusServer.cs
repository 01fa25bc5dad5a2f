namespace InferScope.Analysis.Tests.Support;

/// <summary>
/// A real Prometheus 2.42 on a free loopback port, in a temp folder, preloaded with a dataset
/// through <c>promtool tsdb create-blocks-from openmetrics</c>. Optional rule files are loaded
/// so tests can compare with Prometheus's own evaluation.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly ExternalProcess process;

    private PrometheusServer(ExternalProcess process, string directory, Uri address)
    {
        this.process = process;
        Directory = directory;
        Address = address;
        Client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Engine = new HttpQueryEngine(Client, address);
    }

    public string Directory { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public HttpQueryEngine Engine { get; }

    public static async Task<PrometheusServer> StartAsync(OpenMetricsDataset? dataset, params string[] ruleFiles)
    {
        var directory = Path.Combine(Path.GetTempPath(), "inferscope-analysis-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(directory, "data");
        System.IO.Directory.CreateDirectory(data);
        if (dataset is not null)
        {
            var input = Path.Combine(directory, "input.om");
            dataset.WriteTo(input);
            var (exitCode, output) = await ExternalProcess.RunAsync("/usr/bin/promtool", directory, "tsdb", "create-blocks-from", "openmetrics", input, data);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"promtool could not create blocks from {input}: {output}");
            }
        }

        var config = Path.Combine(directory, "prometheus.yml");
        var rules = string.Join("\n", ruleFiles.Select(f => "  - " + f));
        await File.WriteAllTextAsync(config, "global:\n  evaluation_interval: 1h\n" + (ruleFiles.Length > 0 ? "rule_files:\n" + rules + "\n" : string.Empty));
        var port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var process = new ExternalProcess(
            "/usr/bin/prometheus",
            directory,
            "--config.file=" + config,
            "--storage.tsdb.path=" + data,
            "--storage.tsdb.retention.time=30d",
            "--web.listen-address=127.0.0.1:" + port,
            "--web.enable-lifecycle",
            "--query.lookback-delta=5m");
        var server = new PrometheusServer(process, directory, address);
        await server.WaitReadyAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        process.Dispose();
        Client.Dispose();
        await Task.Yield();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS later.
        }
    }

    private async Task WaitReadyAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("Prometheus exited during start: " + process.Output);
            }

            try
            {
                using var response = await Client.GetAsync(new Uri(Address, "-/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Prometheus did not become ready within 30s: " + process.Output);
    }
}
