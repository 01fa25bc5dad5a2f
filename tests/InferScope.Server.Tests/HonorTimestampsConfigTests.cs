using InferScope.Server.Configuration;

namespace InferScope.Server.Tests;

public sealed class HonorTimestampsConfigTests
{
    [Fact]
    public void HonorTimestamps_DefaultTrue()
    {
        var config = ConfigLoader.Parse("endpoints:\n  - name: a\n    instances: [10.0.0.1:8000]\n");

        Assert.True(config.Endpoints[0].HonorTimestamps);
    }

    [Fact]
    public void HonorTimestamps_FalseAccepted()
    {
        var config = ConfigLoader.Parse("endpoints:\n  - name: a\n    honor_timestamps: false\n    instances: [10.0.0.1:8000]\n");

        Assert.False(config.Endpoints[0].HonorTimestamps);
    }
}
