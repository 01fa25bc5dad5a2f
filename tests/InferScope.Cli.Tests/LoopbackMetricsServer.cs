using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InferScope.Cli.Tests;

/// <summary>
/// A one-endpoint HTTP server on 127.0.0.1 and a free port that responds to every request with
/// the given body, for testing URL inputs without any other host.
/// </summary>
internal sealed class LoopbackMetricsServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly byte[] body;
    private readonly string contentType;
    private readonly int status;

    public LoopbackMetricsServer(byte[] body, string contentType, int status = 200)
    {
        this.body = body;
        this.contentType = contentType;
        this.status = status;
        listener.Start();
        loop = ServeAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/metrics";

    /// <summary>The Accept header of the last request.</summary>
    public string? LastAccept { get; private set; }

    /// <summary>The Authorization header of the last request.</summary>
    public string? LastAuthorization { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }

        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            string? line;
            while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(stop.Token)))
            {
                if (line.StartsWith("Accept:", StringComparison.OrdinalIgnoreCase))
                {
                    LastAccept = line["Accept:".Length..].Trim();
                }
                else if (line.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
                {
                    LastAuthorization = line["Authorization:".Length..].Trim();
                }
            }

            var header = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header), stop.Token);
            await stream.WriteAsync(body, stop.Token);
        }
    }
}
