using InferScope.Server.Configuration;
using InferScope.TestSupport;

namespace InferScope.Server.Tests;

public class ConfigLoaderTests
{
    [Fact]
    public async Task LoadFile_ExampleConfiguration_AllFields()
    {
        var config = await ConfigLoader.LoadFileAsync(Path.Combine(SharedData.RepositoryRoot, "examples", "inferscope.yaml"));

        Assert.Equal(TimeSpan.FromSeconds(10), config.Global.ScrapeTimeout);
        Assert.Equal("lab", config.Global.ExternalLabels.Get("cluster"));
        Assert.Equal(StorageMode.Local, config.Storage.Mode);
        Assert.Equal(TimeSpan.FromDays(15), config.Storage.RetentionTime);
        Assert.Equal(20L * 1024 * 1024 * 1024, config.Storage.RetentionSizeBytes);
        Assert.Equal(3, config.Endpoints.Count);
        var chat = config.Endpoints[0];
        Assert.Equal("chat-llama-8b", chat.Name);
        Assert.Equal("vllm", chat.Engine);
        Assert.Equal(5, chat.MetricsPublishFrequencySeconds);
        Assert.Equal(TimeSpan.FromSeconds(5), chat.EffectiveScrapeTimeout(config.Global));
        Assert.Equal("/vllm-v1-0.28-excerpt/metrics", chat.MetricsPath);
        Assert.Equal("us-east-1a", chat.Instances[0].Az);
        Assert.Equal("assistants", chat.Instances[0].Labels["team"]);
        Assert.Equal(500, chat.Benchmark!.OutputTokensPerSecond);
        Assert.Equal(0.99, chat.Slo!.Target);
        Assert.Equal(1.3, chat.PricePerInstanceHour);
        Assert.Null(config.Endpoints[1].Engine);
        Assert.False(config.Endpoints[1].EnableDetailedObservability);
        Assert.Equal("127.0.0.1:9100", config.Endpoints[2].Instances[0].Target);
        Assert.EndsWith(Path.Combine("examples", "targets", "*.json"), config.Endpoints[2].FileSd[0].Files[0], StringComparison.Ordinal);
        Assert.Equal("change-me", config.Auth.Admin!.BearerToken);
        Assert.Null(config.Auth.Query);
        Assert.Equal("127.0.0.1:9097", config.Web.ListenAddress);
        Assert.Equal(32L * 1024 * 1024, config.Web.MaxRequestBodyBytes);
        var ruleFiles = Rules.RuleManagerBridge.ExpandGlobs(config.RuleFiles);
        Assert.Contains(ruleFiles, f => Path.GetFileName(f) == "llm-fleet.yml");
    }

    [Fact]
    public void Parse_Empty_Defaults()
    {
        var config = ConfigLoader.Parse("");

        Assert.Empty(config.Endpoints);
        Assert.Equal($"0.0.0.0:{WebConfig.DefaultPort}", config.Web.ListenAddress);
        Assert.Equal(StorageMode.Local, config.Storage.Mode);
    }

    [Fact]
    public void Parse_EndpointDefaults()
    {
        var config = ConfigLoader.Parse("endpoints:\n  - name: a\n    instances: [10.0.0.1:8000]\n");

        var endpoint = Assert.Single(config.Endpoints);
        Assert.Equal(60, endpoint.MetricsPublishFrequencySeconds);
        Assert.True(endpoint.EnableDetailedObservability);
        Assert.Equal("/metrics", endpoint.MetricsPath);
    }

    [Fact]
    public void Parse_UnknownField_NamesFieldLineAndValidFields()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("endpoints:\n  - name: a\n    metric_publish_frequency: 5\n", "/etc/inferscope.yaml"));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("endpoints[0].metric_publish_frequency", problem.Field);
        Assert.Equal(3, problem.Line);
        Assert.Equal(5, problem.Column);
        Assert.Contains("metrics_publish_frequency_seconds", problem.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/inferscope.yaml: line 3, column 5: endpoints[0].metric_publish_frequency: unknown field", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("301")]
    [InlineData("1.5")]
    [InlineData("fast")]
    public void Parse_PublishFrequencyOutOfRange_Rejected(string value)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse($"endpoints:\n  - name: a\n    metrics_publish_frequency_seconds: {value}\n"));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("endpoints[0].metrics_publish_frequency_seconds", problem.Field);
        Assert.Equal(3, problem.Line);
        Assert.Contains("from 1 to 300", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public void Parse_PublishFrequencyBounds_Accepted(int value)
    {
        var config = ConfigLoader.Parse($"endpoints:\n  - name: a\n    metrics_publish_frequency_seconds: {value}\n");

        Assert.Equal(value, config.Endpoints[0].MetricsPublishFrequencySeconds);
    }

    [Fact]
    public void Parse_SeveralErrors_AllReportedInLineOrder()
    {
        const string yaml = """
            storage:
              mode: cloud
            endpoints:
              - name: a
                engine: tensorflow
                scrape_timeout: 2m
              - name: a
                instances:
                  - target: http://x/metrics
            web:
              listen_address: nowhere
            """;

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml));

        Assert.Equal(
            ["storage.mode", "endpoints[0].engine", "endpoints[0].scrape_timeout", "endpoints[1].name", "endpoints[1].instances[0].target", "web.listen_address"],
            error.Errors.Select(e => e.Field));
        Assert.Equal([2, 5, 6, 7, 9, 11], error.Errors.Select(e => e.Line));
        Assert.Contains("use local or remote", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("vllm", error.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("already used by endpoints[0]", error.Errors[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingEndpointName_Rejected()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("endpoints:\n  - region: eu\n"));

        Assert.Equal("endpoints[0].name", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void Parse_InvalidYaml_LineAndColumn()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("global:\n  scrape_timeout: [10s\n"));

        var problem = Assert.Single(error.Errors);
        Assert.True(problem.Line >= 2, $"line {problem.Line}");
        Assert.StartsWith("invalid YAML", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateKey_Rejected()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("web:\n  listen_address: :1\n  listen_address: :2\n"));

        Assert.Equal(3, Assert.Single(error.Errors).Line);
    }

    [Fact]
    public void Parse_RemoteStorageWithoutUrls_Rejected()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("storage:\n  mode: remote\n"));

        Assert.Contains("remote_write_url and remote_read_url", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BasicAuth_PasswordRedacted()
    {
        var config = ConfigLoader.Parse("auth:\n  query:\n    basic_auth:\n      username: grafana\n      password: \"hunter2\"\n");

        Assert.Equal("grafana", config.Auth.Query!.BasicUsername);
        Assert.Equal("hunter2", config.Auth.Query.BasicPassword);
        Assert.DoesNotContain("hunter2", config.RedactedYaml, StringComparison.Ordinal);
        Assert.Contains("password: <secret>", config.RedactedYaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadLabelName_Rejected()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("global:\n  external_labels:\n    9bad: x\n"));

        Assert.Equal("global.external_labels.9bad", Assert.Single(error.Errors).Field);
    }

    [Theory]
    [InlineData("512MB", 512L * 1024 * 1024)]
    [InlineData("1.5GB", 1536L * 1024 * 1024)]
    [InlineData("100B", 100L)]
    [InlineData("4096", 4096L)]
    public void TryParseSize_PowersOf1024(string text, long expected)
    {
        Assert.True(ConfigLoader.TryParseSize(text, out var bytes));
        Assert.Equal(expected, bytes);
    }
}
