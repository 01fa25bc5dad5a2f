using System.Text;
using InferScope.Model;
using InferScope.TestSupport;

namespace InferScope.Exposition.Tests;

public sealed class ExpositionReaderTests
{
    [Fact]
    public void Next_Histogram_ReportsFamilyAndRoles()
    {
        var payload = Encoding.UTF8.GetBytes(
            "# HELP lat Latency.\n# TYPE lat histogram\nlat_bucket{le=\"1\"} 2\nlat_bucket{le=\"+Inf\"} 3\nlat_sum 4\nlat_count 3\nother 1\n");
        var reader = new ExpositionReader(payload, ExpositionFormat.PrometheusText);
        var roles = new List<(string Family, MetricType Type, SampleRole Role)>();

        Assert.Equal(ExpositionEntry.Help, reader.Next());
        Assert.Equal("Latency.", reader.GetHelp());
        Assert.Equal(ExpositionEntry.Type, reader.Next());
        Assert.Equal(MetricType.Histogram, reader.MetadataType);
        while (reader.Next() == ExpositionEntry.Sample)
        {
            roles.Add((Encoding.UTF8.GetString(reader.FamilyName), reader.FamilyType, reader.Role));
        }

        Assert.Equal(
            [
                ("lat", MetricType.Histogram, SampleRole.Bucket),
                ("lat", MetricType.Histogram, SampleRole.Bucket),
                ("lat", MetricType.Histogram, SampleRole.Sum),
                ("lat", MetricType.Histogram, SampleRole.Count),
                ("other", MetricType.Unknown, SampleRole.Value),
            ],
            roles);
    }

    [Fact]
    public void Next_OpenMetricsSample_ExposesSpans()
    {
        var payload = Encoding.UTF8.GetBytes("# TYPE a counter\na_total{x=\"q\\\"uote\",y=\"2\"} 5 1.5 # {id=\"7\"} 0.25 2\n# EOF\n");
        var reader = new ExpositionReader(payload, ExpositionFormat.OpenMetrics);
        var pool = new LabelStringPool();

        Assert.Equal(ExpositionEntry.Type, reader.Next());
        Assert.Equal(ExpositionEntry.Sample, reader.Next());

        Assert.Equal("a_total{x=\"q\\\"uote\",y=\"2\"}", Encoding.UTF8.GetString(reader.Series));
        Assert.Equal(2, reader.LabelCount);
        Assert.Equal("x", Encoding.UTF8.GetString(reader.GetLabelName(0)));
        Assert.Equal("q\\\"uote", Encoding.UTF8.GetString(reader.GetRawLabelValue(0)));
        Assert.Equal("q\"uote", reader.GetLabelValue(0, pool));
        Assert.Equal(5, reader.Value);
        Assert.True(reader.HasTimestamp);
        Assert.Equal(1500, reader.TimestampMs);
        Assert.True(reader.HasExemplar);
        Assert.Equal(1, reader.ExemplarLabelCount);
        Assert.Equal(0.25, reader.ExemplarValue);
        Assert.True(reader.ExemplarHasTimestamp);
        Assert.Equal(2000, reader.ExemplarTimestampMs);
        Assert.Equal(SampleRole.Total, reader.Role);
        Assert.Equal(ExpositionEntry.EndOfInput, reader.Next());
        Assert.Equal(ExpositionEntry.EndOfInput, reader.Next());
    }

    [Theory]
    [InlineData("node-exporter-1.5.prom")]
    [InlineData("tgi-3.x.prom")]
    public void Next_RepeatedScrapeWithCache_AllocatesNothing(string file)
    {
        var payload = File.ReadAllBytes(SharedData.PathOf("fixtures", "engines", file));
        var state = new ExpositionReaderState();
        var cache = new SeriesLabelsCache();
        ReadAll(payload, ExpositionFormat.PrometheusText, state, cache);
        ReadAll(payload, ExpositionFormat.PrometheusText, state, cache);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var samples = ReadAll(payload, ExpositionFormat.PrometheusText, state, cache);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(samples > 500, $"only {samples} samples");
        Assert.Equal(0, allocated);
    }

    // The other captures are excerpts or mix a gauge and a counter of one name, so they are not valid OpenMetrics.
    [Theory]
    [InlineData("tgi-3.x.prom")]
    [InlineData("vllm-v0-0.5.prom")]
    [InlineData("nim-llm-1.x.prom")]
    [InlineData("sglang-0.4-docs.prom")]
    [InlineData("dcgm-exporter-4.x.prom")]
    public void Next_RepeatedOpenMetricsScrape_AllocatesNothing(string file)
    {
        var text = File.ReadAllBytes(SharedData.PathOf("fixtures", "engines", file));
        var families = ExpositionParser.Parse(text, ExpositionFormat.PrometheusText).Families;
        var payload = ExpositionWriter.ToBytes(families, ExpositionFormat.OpenMetrics);
        var state = new ExpositionReaderState();
        var cache = new SeriesLabelsCache();
        ReadAll(payload, ExpositionFormat.OpenMetrics, state, cache);
        ReadAll(payload, ExpositionFormat.OpenMetrics, state, cache);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var samples = ReadAll(payload, ExpositionFormat.OpenMetrics, state, cache);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(families.Sum(f => f.Points.Count), samples);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SeriesLabelsCache_SameSeries_ReturnsSameInstance()
    {
        var payload = "a{x=\"1\"} 1\na{x=\"1\"} 2\n"u8.ToArray();
        var cache = new SeriesLabelsCache();
        var reader = new ExpositionReader(payload, ExpositionFormat.PrometheusText);

        reader.Next();
        var first = cache.Get(reader);
        reader.Next();
        var second = cache.Get(reader);

        Assert.Same(first, second);
        Assert.Equal(Labels.FromPairs("__name__", "a", "x", "1"), first);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void LabelStringPool_OverLimit_StartsOver()
    {
        var pool = new LabelStringPool(maxEntries: 2);

        var a = pool.Get("a"u8);
        pool.Get("b"u8);
        pool.Get("c"u8);

        Assert.Equal(1, pool.Count);
        var again = pool.Get("a"u8);
        Assert.NotSame(a, again);
        Assert.Equal("a", again);
        Assert.Equal(2, pool.Count);
    }

    private static int ReadAll(byte[] payload, ExpositionFormat format, ExpositionReaderState state, SeriesLabelsCache cache)
    {
        var reader = new ExpositionReader(payload, format, state);
        var samples = 0;
        ExpositionEntry entry;
        while ((entry = reader.Next()) != ExpositionEntry.EndOfInput)
        {
            if (entry == ExpositionEntry.Sample && cache.Get(reader).Count > 0)
            {
                samples++;
            }
        }

        return samples;
    }
}
