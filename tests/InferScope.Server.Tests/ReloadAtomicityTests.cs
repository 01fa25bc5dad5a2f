using System.Net;
using System.Text.Json;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using InferScope.Server.Tests.Support;
using InferScope.TestSupport;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Tests;

/// <summary>
/// A reload that fails validation changes nothing: scrape targets, rules and the configuration shown
/// by the API stay as they were. Rule expressions are parsed when the file loads.
/// </summary>
public sealed class ReloadAtomicityTests
{
    private const string ValidRules = """
        groups:
          - name: fleet
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
        """;

    [Fact]
    public async Task Reload_MissingRuleFile_ChangesNothing()
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-reload-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "rules.yaml"), ValidRules);
        await using var serve = await ServeInstance.StartAsync(Config(["chat", "embed"], ["rules.yaml"]), folder: folder);
        var targetsBefore = await TargetJobsAsync(serve);
        var configBefore = await serve.Client.GetStringAsync("/api/v1/status/config");

        await File.WriteAllTextAsync(serve.ConfigPath, Config(["chat"], ["rules.yaml", "missing.yaml"]));
        using var reload = await serve.Client.PostAsync("/-/reload", null);
        var body = await reload.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, reload.StatusCode);
        Assert.Contains("missing.yaml", body, StringComparison.Ordinal);
        Assert.Equal(["chat", "embed"], targetsBefore);
        Assert.Equal(targetsBefore, await TargetJobsAsync(serve));
        Assert.Equal(configBefore, await serve.Client.GetStringAsync("/api/v1/status/config"));
        Assert.Equal(["job:up:sum"], await RuleNamesAsync(serve));
    }

    [Fact]
    public async Task Reload_UnparsableExpression_RejectedWithPosition()
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-reload-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "rules.yaml"), ValidRules);
        await using var serve = await ServeInstance.StartAsync(Config(["chat"], ["rules.yaml"]), folder: folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "rules.yaml"), """
            groups:
              - name: fleet
                rules:
                  - alert: FooHigh
                    expr: rate(foo[5m] > 1
            """);

        using var reload = await serve.Client.PostAsync("/-/reload", null);
        var body = await reload.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, reload.StatusCode);
        Assert.Contains("rules.yaml", body, StringComparison.Ordinal);
        Assert.Contains("group \"fleet\", alert \"FooHigh\": expr 1:", body, StringComparison.Ordinal);
        Assert.Contains("unclosed left parenthesis", body, StringComparison.Ordinal);
        Assert.Equal(["job:up:sum"], await RuleNamesAsync(serve));
    }

    [Fact]
    public async Task Start_MissingRuleFile_ConfigException()
    {
        var folder = Directory.CreateTempSubdirectory("inferscope-reload-").FullName;
        var configPath = Path.Combine(folder, "inferscope.yaml");
        await File.WriteAllTextAsync(configPath, Config(["chat"], ["missing.yaml"]));
        var options = new ServerOptions
        {
            ConfigPath = configPath,
            ListenAddress = "127.0.0.1:0",
            DataDir = Path.Combine(folder, "data"),
            WatchConfig = false,
            MinimumLogLevel = LogLevel.Warning,
        };

        try
        {
            var error = await Assert.ThrowsAsync<ConfigException>(() => ServeRunner.RunAsync(options, TextWriter.Null, CancellationToken.None));

            Assert.StartsWith("Invalid configuration", error.Message, StringComparison.Ordinal);
            Assert.Contains("missing.yaml", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ShippedRules_AllExpressionsParse()
    {
        var config = await ConfigLoader.LoadFileAsync(Path.Combine(SharedData.RepositoryRoot, "examples", "inferscope.yaml"));

        var groups = InferScope.Server.Rules.RuleFileLoader.Load(config);

        Assert.Equal(118, groups.Sum(g => g.Rules.Count));
    }

    private static string Config(string[] endpoints, string[] ruleFiles)
    {
        var lines = new List<string> { $"rule_files: [{string.Join(", ", ruleFiles)}]", "endpoints:" };
        foreach (var name in endpoints)
        {
            lines.Add($"  - name: {name}");
            lines.Add("    engine: vllm");
            lines.Add("    metrics_publish_frequency_seconds: 60");
            lines.Add("    instances:");
            lines.Add("      - target: 127.0.0.1:9");
        }

        return string.Join('\n', lines) + "\n";
    }

    private static async Task<List<string>> TargetJobsAsync(ServeInstance serve)
    {
        using var document = JsonDocument.Parse(await serve.Client.GetStringAsync("/api/v1/targets"));
        return document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => t.GetProperty("labels").GetProperty("job").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<List<string>> RuleNamesAsync(ServeInstance serve)
    {
        using var document = JsonDocument.Parse(await serve.Client.GetStringAsync("/api/v1/rules"));
        return document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => r.GetProperty("name").GetString()!)
            .ToList();
    }
}
