using System.Text;
using InferScope.Server.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Replay;

/// <summary>
/// Serves captured exposition payloads as scrape targets, one path per file: the file
/// <c>vllm-v1.prom</c> in the folder is served at <c>/vllm-v1/metrics</c>. A payload ending in
/// <c># EOF</c> is sent as OpenMetrics, any other as the text format 0.0.4. Files are re-read on each
/// request, so an edited file is served on the next scrape. <c>/</c> lists the paths. Only files
/// with an extension in <see cref="PayloadExtensions"/> are served, so notes and licenses beside
/// the payloads stay private.
/// </summary>
public static class ReplayServer
{
    private const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The file extensions served as payloads: <c>.prom</c>, <c>.txt</c> and <c>.om</c> (OpenMetrics).</summary>
    public static IReadOnlyList<string> PayloadExtensions { get; } = [".prom", ".txt", ".om"];

    /// <summary>Returns whether <paramref name="file"/> is served: not hidden, and with a payload extension.</summary>
    public static bool IsPayloadFile(string file)
    {
        var name = Path.GetFileName(file);
        return !name.StartsWith('.') && PayloadExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Returns the served path of a payload file: its name without extension, then <c>/metrics</c>.</summary>
    public static string PathFor(string file) => $"/{Path.GetFileNameWithoutExtension(file)}/metrics";

    /// <summary>Builds the replay application over every payload file directly in <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static WebApplication Build(string folder, string listenAddress, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Replay folder {folder} not found; pass a folder of captured .prom payloads.");
        }

        if (!ListenAddress.TryParse(listenAddress, out var address, out var error))
        {
            throw new ArgumentException(error, nameof(listenAddress));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (configureLogging is not null)
        {
            configureLogging(builder.Logging);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (address.Host.Length == 0)
            {
                kestrel.ListenAnyIP(address.Port);
            }
            else if (address.Host == "localhost")
            {
                kestrel.ListenLocalhost(address.Port);
            }
            else
            {
                kestrel.Listen(System.Net.IPAddress.Parse(address.Host), address.Port);
            }
        });

        var app = builder.Build();
        var files = Directory.GetFiles(folder).Where(IsPayloadFile).Order(StringComparer.Ordinal).ToList();
        var byPath = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            byPath.TryAdd(PathFor(file), file);
        }

        app.MapGet("/", context =>
        {
            var index = new StringBuilder();
            foreach (var path in byPath.Keys)
            {
                index.Append(path).Append('\n');
            }

            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(index.ToString(), context.RequestAborted);
        });
        app.MapGet("/{name}/metrics", async context =>
        {
            if (!byPath.TryGetValue(context.Request.Path.Value ?? string.Empty, out var file))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync("404 page not found\n", context.RequestAborted);
                return;
            }

            byte[] payload;
            try
            {
                payload = await File.ReadAllBytesAsync(file, context.RequestAborted);
            }
            catch (IOException e)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync($"reading {file} failed: {e.Message}\n", context.RequestAborted);
                return;
            }

            context.Response.ContentType = EndsWithEof(payload) ? OpenMetricsContentType : TextContentType;
            await context.Response.Body.WriteAsync(payload, context.RequestAborted);
        });
        return app;
    }

    private static bool EndsWithEof(ReadOnlySpan<byte> payload)
    {
        var trimmed = payload.TrimEnd("\n"u8);
        return trimmed.EndsWith("# EOF"u8);
    }
}
