using InferScope.Server.Api;

namespace InferScope.Server.Tests;

public class PrometheusJsonTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.0, "0")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.2345e-10, "1.2345e-10")]
    [InlineData(-2.5e22, "-2.5e+22")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void FormatValue_MatchesPrometheus(double value, string expected)
    {
        Assert.Equal(expected, PrometheusJson.FormatValue(value));
    }

    [Fact]
    public void FormatValue_NegativeZero()
    {
        Assert.Equal("-0", PrometheusJson.FormatValue(-0.0));
    }

    [Theory]
    [InlineData(1_000_000_000_000L, "1000000000")]
    [InlineData(1_000_000_001_500L, "1000000001.500")]
    [InlineData(1_000_000_001_007L, "1000000001.007")]
    [InlineData(-1_500L, "-1.500")]
    [InlineData(-500L, "-0.500")]
    public void FormatTimestamp_SecondsWithMilliseconds(long timestampMs, string expected)
    {
        Assert.Equal(expected, PrometheusJson.FormatTimestamp(timestampMs));
    }
}
