using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InferScope.Dashboard.Tests;

/// <summary>
/// A scrape target on loopback whose label values carry HTML and script, to prove the dashboard
/// shows them as text.
/// </summary>
public sealed class HostileTarget : IAsyncDisposable
{
    public const string ImagePayload = "<img src=x onerror=\"window.__injected='img'\">";
    public const string ScriptPayload = "<script>window.__injected='script'</script>";

    private readonly WebApplication app;

    private HostileTarget(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<HostileTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var body = string.Join(
            '\n',
            "# HELP vllm:num_requests_running Number of requests in model execution batches.",
            "# TYPE vllm:num_requests_running gauge",
            $"vllm:num_requests_running{{engine=\"0\",model_name=\"{Escape(ImagePayload)}\"}} 3",
            "# HELP vllm:num_requests_waiting Number of requests waiting to be processed.",
            "# TYPE vllm:num_requests_waiting gauge",
            $"vllm:num_requests_waiting{{engine=\"0\",model_name=\"{Escape(ScriptPayload)}\"}} 1",
            "# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.",
            "# TYPE vllm:kv_cache_usage_perc gauge",
            $"vllm:kv_cache_usage_perc{{engine=\"0\",model_name=\"{Escape(ImagePayload)}\"}} 0.5",
            string.Empty);
        app.MapGet("/metrics", () => Results.Text(body, "text/plain; version=0.0.4; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostileTarget(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
