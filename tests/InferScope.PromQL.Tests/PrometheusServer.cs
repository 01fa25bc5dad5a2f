using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using InferScope.Model;

namespace InferScope.PromQL.Tests;

/// <summary>
/// A real Prometheus (the Debian 2.42 package) on a free loopback port in a temporary folder, with
/// data backfilled by <c>promtool</c> before it starts. It scrapes nothing and is killed on dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string Tool = "/usr/bin/promtool";

    private readonly Process process;
    private readonly string folder;

    private PrometheusServer(Process process, string folder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public static bool IsInstalled => File.Exists(Binary) && File.Exists(Tool);

    /// <summary>Backfills the samples, starts the server and waits until it answers queries.</summary>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<Labels, List<Sample>> data, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "inferscope-prom-" + Guid.NewGuid().ToString("N"));
        var dataDir = Path.Combine(folder, "data");
        Directory.CreateDirectory(dataDir);
        if (data.Count > 0)
        {
            var exposition = Path.Combine(folder, "backfill.om");
            await File.WriteAllTextAsync(exposition, OpenMetricsText(data), cancellationToken);
            await RunToolAsync(["tsdb", "create-blocks-from", "openmetrics", exposition, dataDir], cancellationToken);
        }

        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n", cancellationToken);
        var port = FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + config,
            "--storage.tsdb.path=" + dataDir,
            "--storage.tsdb.retention.time=100y",
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "--query.lookback-delta=5m",
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitReadyAsync(cancellationToken);
        return server;
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "-/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("prometheus did not become ready within 60 s");
    }

    private static async Task RunToolAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"promtool {string.Join(' ', arguments)} failed: {await output} {await error}");
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

    private static string OpenMetricsText(IReadOnlyDictionary<Labels, List<Sample>> data)
    {
        var builder = new StringBuilder();
        foreach (var group in data.GroupBy(d => d.Key.MetricName))
        {
            builder.Append("# TYPE ").Append(group.Key).Append(" unknown\n");
            foreach (var (labels, samples) in group)
            {
                var text = labels.MetricName + "{" + string.Join(",", labels.Where(l => l.Name != LabelNames.MetricName).Select(l => $"{l.Name}=\"{LabelText.EscapeValue(l.Value)}\"")) + "}";
                foreach (var sample in samples)
                {
                    builder.Append(text).Append(' ')
                        .Append(FormatValue(sample.Value)).Append(' ')
                        .Append((sample.TimestampMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        builder.Append("# EOF\n");
        return builder.ToString();
    }

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
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
}
