namespace InferScope.Dashboard.Tests;

/// <summary>One <c>inferscope demo</c> on loopback with the healthy baseline, shared by a test class.</summary>
public sealed class DemoFixture : IAsyncLifetime
{
    private InferScopeProcess? demo;

    public Uri BaseAddress => demo!.BaseAddress;

    public ApiClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        demo = await InferScopeProcess.StartAsync(["demo", "--listen", "127.0.0.1:0", "--instances", "4"], InferScopeProcess.DemoAddress(), TimeSpan.FromSeconds(90));
        Api = new ApiClient(demo.BaseAddress);
        await Api.WaitForDataAsync("llm_kv_cache_usage_ratio", TimeSpan.FromSeconds(60));
        await Api.WaitForDataAsync("rate(llm_generation_tokens_total[1m]) > 0", TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (demo is not null)
        {
            await demo.DisposeAsync();
        }
    }
}
