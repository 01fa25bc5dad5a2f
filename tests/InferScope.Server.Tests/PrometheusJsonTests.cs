using System.Text;
using System.Text.Json;
using InferScope.Model.Histograms;
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

    [Fact]
    public void WritePoint_MatchesFormatters()
    {
        var random = new Random(9);
        var values = new List<double> { 1, -1.5, 0.0, -0.0, 1e-7, 1e-6, 1e15, 1e16, 1e20, 1e21, 0.1, 1.2345e-10, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue };
        for (var i = 0; i < 2_000; i++)
        {
            values.Add((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 25)));
            values.Add(random.Next(-100_000, 100_000));
        }

        long[] timestamps = [0, 999, 1_000, 1_767_571_200_001, 1_767_571_215_000, 1_767_571_215_120, -1_500, -500, -2_000];
        for (var i = 0; i < values.Count; i++)
        {
            var timestamp = timestamps[i % timestamps.Length];
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                PrometheusJson.WritePoint(writer, timestamp, values[i]);
            }

            var expected = $"[{PrometheusJson.FormatTimestamp(timestamp)},\"{PrometheusJson.FormatValue(values[i])}\"]";
            Assert.Equal(expected, Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    [Fact]
    public void WriteHistogramPoint_ListsBucketsWithBoundaryRules()
    {
        var histogram = FloatHistogram.FromBuckets(0, 0.001, 2, 7, 10, [(0, 1), (1, 0), (2, 3)], [(1, 1)]);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            PrometheusJson.WriteHistogramPoint(writer, 1_500, histogram);
        }

        var json = Encoding.UTF8.GetString(stream.ToArray());

        Assert.Equal(
            "[1.500,{\"count\":\"7\",\"sum\":\"10\",\"buckets\":[[1,\"-2\",\"-1\",\"1\"],[3,\"-0.001\",\"0.001\",\"2\"],[0,\"0.5\",\"1\",\"1\"],[0,\"2\",\"4\",\"3\"]]}]",
            json);
    }

    [Fact]
    public void WriteHistogram_CustomBucketsWithoutCounts()
    {
        var histogram = FloatHistogram.FromBuckets(FloatHistogram.CustomBucketsSchema, 0, 0, 0, 0, [(0, 0)], [], [0.5]);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            PrometheusJson.WriteHistogram(writer, histogram);
        }

        Assert.Equal("{\"count\":\"0\",\"sum\":\"0\"}", Encoding.UTF8.GetString(stream.ToArray()));
    }
}
