using InferScope.Ingestion.Discovery;
using InferScope.Ingestion.Scraping;

namespace InferScope.Ingestion.Tests.Scraping;

public sealed class FileSdTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("inferscope-filesd-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Read_Json_MapsSchemaLabels()
    {
        var path = Path.Combine(directory, "targets.json");
        File.WriteAllText(path, """
            [{"targets": ["10.0.0.5:8000", "10.0.0.6:8000"],
              "labels": {"az": "us-east-1b", "engine": "sglang", "team": "search", "__meta_x": "y"}}]
            """);

        var instances = FileSdReader.Read(path);

        Assert.Equal(["10.0.0.5:8000", "10.0.0.6:8000"], instances.Select(i => i.Address));
        Assert.Equal("us-east-1b", instances[0].Az);
        Assert.Equal("sglang", instances[0].Engine);
        Assert.Equal("search", instances[0].ExtraLabels["team"]);
        Assert.False(instances[0].ExtraLabels.ContainsKey("__meta_x"));
    }

    [Fact]
    public void Read_Yaml_MapsSchemaLabels()
    {
        var path = Path.Combine(directory, "targets.yml");
        File.WriteAllText(path, """
            - targets: ['10.0.0.7:9400']
              labels:
                gpu_type: H100
                instance_type: p5.48xlarge
            """);

        var instance = Assert.Single(FileSdReader.Read(path));

        Assert.Equal("10.0.0.7:9400", instance.Address);
        Assert.Equal("H100", instance.GpuType);
        Assert.Equal("p5.48xlarge", instance.InstanceType);
    }

    [Fact]
    public void Read_MetricsPathLabel_OverridesPath()
    {
        var path = Path.Combine(directory, "djl.json");
        File.WriteAllText(path, """
            [{"targets": ["10.0.0.8:8080"], "labels": {"__metrics_path__": "/server/metrics", "instance": "djl-0"}}]
            """);

        var instance = Assert.Single(FileSdReader.Read(path));

        Assert.Equal("/server/metrics", instance.MetricsPath);
        Assert.Equal("djl-0", instance.Instance);
        Assert.False(instance.ExtraLabels.ContainsKey("__metrics_path__"));
    }

    [Fact]
    public void Read_RelativeMetricsPath_IsRejected()
    {
        var path = Path.Combine(directory, "bad-path.json");
        File.WriteAllText(path, """[{"targets": ["10.0.0.8:8080"], "labels": {"__metrics_path__": "metrics"}}]""");

        var error = Assert.Throws<FormatException>(() => FileSdReader.Read(path));

        Assert.Contains("metrics_path \"metrics\" must start with '/'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadTarget_NamesFileAndGroup()
    {
        var path = Path.Combine(directory, "bad.json");
        File.WriteAllText(path, """[{"targets": ["ok:1"]}, {"targets": ["missing-port"]}]""");

        var error = Assert.Throws<FormatException>(() => FileSdReader.Read(path));

        Assert.Contains("bad.json: group 1, target \"missing-port\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAList_RaisesFormatException()
    {
        var path = Path.Combine(directory, "bad.json");
        File.WriteAllText(path, """{"targets": "x"}""");

        var error = Assert.Throws<FormatException>(() => FileSdReader.Read(path));

        Assert.Contains("not a file_sd list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_FileChanges_AddsAndRemovesTargets()
    {
        await using var harness = await ScrapeHarness.StartAsync();
        var path = Path.Combine(directory, "fleet.json");
        await File.WriteAllTextAsync(path, $$$"""[{"targets": ["{{{harness.Server.Address}}}"], "labels": {"az": "a"}}]""");
        await harness.Manager.ApplyAsync([new ScrapeEndpoint { Name = "fleet", FileSdFiles = [Path.Combine(directory, "*.json")] }]);
        var first = Assert.Single(harness.Manager.GetTargets());
        Assert.Equal("a", first.Labels.Get("az"));
        Assert.Equal("file_sd", first.Source);

        await File.WriteAllTextAsync(path, $$$"""[{"targets": ["{{{harness.Server.Address}}}", "127.0.0.1:9"], "labels": {"az": "a"}}]""");
        await ScrapeManagerApplyTests.WaitForAsync(() => harness.Manager.GetTargets().Count == 2);

        await File.WriteAllTextAsync(path, "not json");
        await Task.Delay(600);
        Assert.Equal(2, harness.Manager.GetTargets().Count);

        File.Delete(path);
        await ScrapeManagerApplyTests.WaitForAsync(() => harness.Manager.GetTargets().Count == 0);
    }
}
