using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using InferScope.Model;

namespace InferScope.Benchmarks;

/// <summary>Starts Prometheus 2.42 or VictoriaMetrics 1.79 (Debian packages) on a free loopback port with given data.</summary>
internal static class ReferenceServers
{
    public static async Task<ReferenceServer> StartPrometheusAsync(Dictionary<Labels, List<Sample>> data)
    {
        var folder = NewFolder();
        var dataDir = Path.Combine(folder, "data");
        Directory.CreateDirectory(dataDir);
        var exposition = Path.Combine(folder, "backfill.om");
        await WriteExpositionAsync(data, exposition, openMetrics: true);
        await RunAsync("/usr/bin/promtool", ["tsdb", "create-blocks-from", "openmetrics", exposition, dataDir]);
        File.Delete(exposition);
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
        var port = FreePort();
        var server = Start("/usr/bin/prometheus", folder, port,
        [
            "--config.file=" + config, "--storage.tsdb.path=" + dataDir, "--storage.tsdb.retention.time=100y",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        ]);
        await server.WaitReadyAsync("-/ready");
        return server;
    }

    public static async Task<ReferenceServer> StartVictoriaMetricsAsync(Dictionary<Labels, List<Sample>> data, HttpClient http)
    {
        var folder = NewFolder();
        var port = FreePort();
        var server = Start("/usr/bin/victoria-metrics", folder, port,
        [
            $"-httpListenAddr=127.0.0.1:{port}", "-storageDataPath=" + Path.Combine(folder, "data"), "-retentionPeriod=100y",
            "-search.latencyOffset=0s", "-loggerLevel=WARN",
        ]);
        await server.WaitReadyAsync("health");
        var exposition = Path.Combine(folder, "import.prom");
        await WriteExpositionAsync(data, exposition, openMetrics: false);
        await using (var file = File.OpenRead(exposition))
        {
            using var content = new StreamContent(file);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
            using var response = await http.PostAsync(new Uri(server.Address, "api/v1/import/prometheus"), content);
            response.EnsureSuccessStatusCode();
        }

        File.Delete(exposition);

        using (var flush = await http.GetAsync(new Uri(server.Address, "internal/force_flush")))
        {
            flush.EnsureSuccessStatusCode();
        }

        await Task.Delay(2000);
        return server;
    }

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "inferscope-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static ReferenceServer Start(string binary, string folder, int port, string[] arguments)
    {
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ReferenceServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
    }

    private static async Task RunAsync(string binary, string[] arguments)
    {
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start");
        var error = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{binary} failed: {await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Writes the samples to a file as OpenMetrics text (seconds) for promtool, or Prometheus text
    /// (milliseconds) for VictoriaMetrics. It streams, so datasets larger than one string fit.
    /// </summary>
    private static async Task WriteExpositionAsync(Dictionary<Labels, List<Sample>> data, string path, bool openMetrics)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        foreach (var family in data.GroupBy(d => d.Key.MetricName))
        {
            if (openMetrics)
            {
                await writer.WriteAsync("# TYPE " + family.Key + " unknown\n");
            }

            foreach (var (labels, samples) in family)
            {
                var series = labels.MetricName + "{" + string.Join(",", labels.Where(l => l.Name != LabelNames.MetricName).Select(l => $"{l.Name}=\"{LabelText.EscapeValue(l.Value)}\"")) + "} ";
                var line = new StringBuilder();
                foreach (var sample in samples)
                {
                    var time = openMetrics
                        ? (sample.TimestampMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)
                        : sample.TimestampMs.ToString(CultureInfo.InvariantCulture);
                    line.Clear().Append(series).Append(sample.Value.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(time).Append('\n');
                    await writer.WriteAsync(line);
                }
            }
        }

        if (openMetrics)
        {
            await writer.WriteAsync("# EOF\n");
        }
    }
}

/// <summary>A reference server process and its temporary folder; disposing kills it and deletes the folder.</summary>
internal sealed class ReferenceServer(Process process, string folder, Uri address) : IAsyncDisposable
{
    public Uri Address { get; } = address;

    public async Task WaitReadyAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, path));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Address} did not become ready within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
