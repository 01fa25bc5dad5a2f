namespace InferScope.Analysis.Tests.Support;

/// <summary>A real Alertmanager 0.25 on a free loopback port with clustering off.</summary>
internal sealed class AlertmanagerServer : IAsyncDisposable
{
    private readonly ExternalProcess process;
    private readonly string directory;

    private AlertmanagerServer(ExternalProcess process, string directory, Uri address)
    {
        this.process = process;
        this.directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<AlertmanagerServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "inferscope-alertmanager-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(config, "route:\n  receiver: discard\nreceivers:\n  - name: discard\n");
        var port = FreePort.Next();
        var process = new ExternalProcess(
            "/usr/bin/prometheus-alertmanager",
            directory,
            "--config.file=" + config,
            "--storage.path=" + Path.Combine(directory, "data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--cluster.listen-address=");
        var server = new AlertmanagerServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("Alertmanager exited during start: " + process.Output);
            }

            try
            {
                using var response = await client.GetAsync(new Uri(server.Address, "-/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Alertmanager did not become ready within 30s: " + process.Output);
    }

    public async ValueTask DisposeAsync()
    {
        process.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
