using System.Text;
using InferScope.Model;

namespace InferScope.Exposition.Tests;

public sealed class ExpositionWriterTests
{
    private static List<MetricFamily> SampleFamilies()
    {
        var requests = new MetricFamily("http_requests", MetricType.Counter, "Requests \"served\"\\ by path\nand code.");
        requests.Points.Add(new MetricPoint(
            Labels.FromPairs("__name__", "http_requests_total", "path", "/a\"b\\c\nd", "code", "200"),
            1027,
            1700000000123,
            new Exemplar(Labels.FromPairs("trace_id", "t1"), 0.5, 1700000000000)));
        requests.Points.Add(new MetricPoint(Labels.FromPairs("__name__", "http_requests_created", "path", "/", "code", "200"), 1699999999.5));

        var latency = new MetricFamily("latency_seconds", MetricType.Histogram, string.Empty, "seconds");
        latency.Points.Add(new MetricPoint(Labels.FromPairs("__name__", "latency_seconds_bucket", "le", "0.001"), 1));
        latency.Points.Add(new MetricPoint(Labels.FromPairs("__name__", "latency_seconds_bucket", "le", "+Inf"), 3));
        latency.Points.Add(new MetricPoint(Labels.FromPairs("__name__", "latency_seconds_count"), 3));
        latency.Points.Add(new MetricPoint(Labels.FromPairs("__name__", "latency_seconds_sum"), 1234567));

        var temperature = new MetricFamily("gpu_temperature", MetricType.Gauge, "GPU temperature.");
        temperature.Points.Add(new MetricPoint(Labels.FromPairs("__name__", "gpu_temperature", "gpu", "0"), double.NaN, -1500));
        return [requests, latency, temperature];
    }

    [Fact]
    public void Write_OpenMetrics_MatchesSnapshot()
    {
        var text = Encoding.UTF8.GetString(ExpositionWriter.ToBytes(SampleFamilies(), ExpositionFormat.OpenMetrics));

        Assert.Equal(
            "# TYPE http_requests counter\n" +
            "# HELP http_requests Requests \\\"served\\\"\\\\ by path\\nand code.\n" +
            "http_requests_total{code=\"200\",path=\"/a\\\"b\\\\c\\nd\"} 1027 1700000000.123 # {trace_id=\"t1\"} 0.5 1700000000\n" +
            "http_requests_created{code=\"200\",path=\"/\"} 1.6999999995e+09\n" +
            "# TYPE latency_seconds histogram\n" +
            "# UNIT latency_seconds seconds\n" +
            "latency_seconds_bucket{le=\"0.001\"} 1\n" +
            "latency_seconds_bucket{le=\"+Inf\"} 3\n" +
            "latency_seconds_count 3\n" +
            "latency_seconds_sum 1.234567e+06\n" +
            "# TYPE gpu_temperature gauge\n" +
            "# HELP gpu_temperature GPU temperature.\n" +
            "gpu_temperature{gpu=\"0\"} NaN -1.5\n" +
            "# EOF\n",
            text);
    }

    [Fact]
    public void Write_PrometheusText_MatchesSnapshot()
    {
        var text = Encoding.UTF8.GetString(ExpositionWriter.ToBytes(SampleFamilies(), ExpositionFormat.PrometheusText));

        Assert.Equal(
            "# HELP http_requests_total Requests \"served\"\\\\ by path\\nand code.\n" +
            "# TYPE http_requests_total counter\n" +
            "http_requests_total{code=\"200\",path=\"/a\\\"b\\\\c\\nd\"} 1027 1700000000123\n" +
            "# TYPE http_requests_created gauge\n" +
            "http_requests_created{code=\"200\",path=\"/\"} 1.6999999995e+09\n" +
            "# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{le=\"0.001\"} 1\n" +
            "latency_seconds_bucket{le=\"+Inf\"} 3\n" +
            "latency_seconds_count 3\n" +
            "latency_seconds_sum 1.234567e+06\n" +
            "# HELP gpu_temperature GPU temperature.\n" +
            "# TYPE gpu_temperature gauge\n" +
            "gpu_temperature{gpu=\"0\"} NaN -1500\n",
            text);
    }

    [Fact]
    public void Write_OpenMetricsOutput_ParsesBack()
    {
        var bytes = ExpositionWriter.ToBytes(SampleFamilies(), ExpositionFormat.OpenMetrics);

        var payload = ExpositionParser.Parse(bytes, ExpositionContentType.OpenMetrics);

        Assert.Equal(3, payload.Families.Count);
        Assert.Equal("/a\"b\\c\nd", payload.Families[0].Points[0].Labels.Get("path"));
        Assert.Equal("Requests \"served\"\\ by path\nand code.", payload.Families[0].Help);
    }

    [Fact]
    public async Task WriteAsync_Stream_SameBytesAsBufferWriter()
    {
        var families = Enumerable.Range(0, 2000).Select(i =>
        {
            var family = new MetricFamily($"family_{i}", MetricType.Gauge, "Help text of a gauge family.");
            family.Points.Add(new MetricPoint(Labels.FromPairs("__name__", $"family_{i}", "instance", "host:9100"), i));
            return family;
        }).ToList();
        using var stream = new MemoryStream();

        await ExpositionWriter.WriteAsync(stream, families, ExpositionFormat.OpenMetrics, CancellationToken.None);

        Assert.Equal(ExpositionWriter.ToBytes(families, ExpositionFormat.OpenMetrics), stream.ToArray());
    }

    [Fact]
    public void Write_CounterWithoutTotal_AddsSuffix()
    {
        var family = new MetricFamily("starts", MetricType.Counter);
        family.Points.Add(new MetricPoint(Labels.FromPairs("__name__", "starts"), 2));

        var text = Encoding.UTF8.GetString(ExpositionWriter.ToBytes([family], ExpositionFormat.OpenMetrics));

        Assert.Equal("# TYPE starts counter\nstarts_total 2\n# EOF\n", text);
    }
}
