using InferScope.Engines;
using InferScope.Server.Configuration;

namespace InferScope.Server.Tests;

/// <summary>The configuration's <c>engine</c> field accepts every name that messages list.</summary>
public sealed class EngineNameConfigTests
{
    public static TheoryData<string> LabelValues => [.. EngineKindNames.All.Select(k => k.ToLabelValue())];

    [Theory]
    [MemberData(nameof(LabelValues))]
    public void Engine_ListedLabelValue_Accepted(string name)
    {
        var config = ConfigLoader.Parse($"endpoints:\n  - name: a\n    engine: {name}\n    instances: [127.0.0.1:1]\n");

        Assert.Equal(name, Assert.Single(config.Endpoints).Engine);
        Assert.True(ConfigLoader.TryParseEngine(name, out var kind));
        Assert.Equal(name, kind.ToLabelValue());
    }

    [Theory]
    [InlineData("triton-trtllm", "trtllm")]
    [InlineData("triton_trtllm", "trtllm")]
    [InlineData("TritonTrtllm", "trtllm")]
    [InlineData("llama-cpp", "llamacpp")]
    [InlineData("llama.cpp", "llamacpp")]
    [InlineData("node-exporter", "node")]
    [InlineData("node_exporter", "node")]
    [InlineData("dcgm-exporter", "dcgm")]
    public void Engine_Alias_MapsToLabelValue(string name, string labelValue)
    {
        Assert.True(ConfigLoader.TryParseEngine(name, out var kind));
        Assert.Equal(labelValue, kind.ToLabelValue());
    }

    [Fact]
    public void Engine_Unknown_ListsLabelValues()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("endpoints:\n  - name: a\n    engine: vllmm\n    instances: [127.0.0.1:1]\n"));

        Assert.Contains("use one of vllm, sglang, djl, tgi, trtllm, nim, llamacpp, dcgm, node,", error.Message, StringComparison.Ordinal);
    }
}
