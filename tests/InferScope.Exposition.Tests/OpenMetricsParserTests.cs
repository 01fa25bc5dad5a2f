using InferScope.Model;

namespace InferScope.Exposition.Tests;

public sealed class OpenMetricsParserTests
{
    [Fact]
    public void Parse_CounterWithCreatedAndExemplar_BuildsPoints()
    {
        var payload = TestPayloads.ParseOpenMetrics(
            "# TYPE requests counter\n" +
            "# UNIT requests \n" +
            "# HELP requests Requests \\\"served\\\".\n" +
            "requests_total{path=\"/\"} 17 1700000000.5 # {trace_id=\"abc\"} 1 1700000000.25\n" +
            "requests_created{path=\"/\"} 1699999000 1700000000.5\n" +
            "# EOF\n");

        Assert.Equal(ExpositionFormat.OpenMetrics, payload.Format);
        var family = Assert.Single(payload.Families);
        Assert.Equal("requests", family.Name);
        Assert.Equal(MetricType.Counter, family.Type);
        Assert.Equal("Requests \"served\".", family.Help);
        Assert.Equal(2, family.Points.Count);
        var total = family.Points[0];
        Assert.Equal("requests_total", total.Labels.MetricName);
        Assert.Equal(17, total.Value);
        Assert.Equal(1700000000500, total.TimestampMs);
        Assert.NotNull(total.Exemplar);
        Assert.Equal("abc", total.Exemplar.Labels.Get("trace_id"));
        Assert.Equal(1, total.Exemplar.Value);
        Assert.Equal(1700000000250, total.Exemplar.TimestampMs);
        Assert.Equal("requests_created", family.Points[1].Labels.MetricName);
        Assert.Equal(1699999000, family.Points[1].Value);
    }

    [Fact]
    public void Parse_UnitAndTypes_SetOnFamilies()
    {
        var payload = TestPayloads.ParseOpenMetrics(
            "# TYPE temperature_celsius gauge\n# UNIT temperature_celsius celsius\ntemperature_celsius 21.5\n" +
            "# TYPE build info\nbuild_info{version=\"1.2\"} 1\n" +
            "# TYPE state stateset\nstate{state=\"up\"} 1\nstate{state=\"down\"} 0\n" +
            "# TYPE queue gaugehistogram\nqueue_bucket{le=\"1\"} 2\nqueue_bucket{le=\"+Inf\"} 3\nqueue_gcount 3\nqueue_gsum 4.5\n" +
            "# EOF\n");

        Assert.Equal("celsius", payload.Family("temperature_celsius").Unit);
        Assert.Equal(MetricType.Info, payload.Family("build").Type);
        Assert.Equal(MetricType.StateSet, payload.Family("state").Type);
        Assert.Equal(2, payload.Family("state").Points.Count);
        Assert.Equal(MetricType.GaugeHistogram, payload.Family("queue").Type);
        Assert.Equal(4, payload.Family("queue").Points.Count);
    }

    [Fact]
    public void Parse_FractionalTimestamp_RoundsToMilliseconds()
    {
        var point = TestPayloads.ParseOpenMetrics("a 1 1.0015\n# EOF\n").Families[0].Points[0];

        Assert.Equal(1002, point.TimestampMs);
    }

    [Fact]
    public void Parse_MissingEof_ReportsEndOfInput()
    {
        var error = TestPayloads.ParseOpenMetricsError("a 1\n");

        Assert.Equal(2, error.Line);
        Assert.Equal("the end of the input", error.Found);
        Assert.Contains("# EOF", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NonIntegerBucket_Rejected()
    {
        var error = TestPayloads.ParseOpenMetricsError("# TYPE a histogram\na_bucket{le=\"+Inf\"} 1.5\n# EOF\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("whole number", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CounterSampleWithoutTotal_NamesExpectedSuffixes()
    {
        var error = TestPayloads.ParseOpenMetricsError("# TYPE starts counter\nstarts 1\n# EOF\n");

        Assert.Equal(2, error.Line);
        Assert.Equal(1, error.Column);
        Assert.Equal("a sample name of a counter family, one of starts_total, starts_created", error.Expected);
        Assert.Equal("\"starts\"", error.Found);
    }

    [Fact]
    public void Parse_CarriageReturn_Rejected()
    {
        var error = TestPayloads.ParseOpenMetricsError("a 1\r\n# EOF\n");

        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Parse_TrailingBlankLineAfterEof_Rejected()
    {
        var error = TestPayloads.ParseOpenMetricsError("a 1\n# EOF\n\n");

        Assert.Equal(3, error.Line);
        Assert.Contains("nothing after", error.Expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("INF")]
    [InlineData("+Infinity")]
    [InlineData("-inf")]
    public void Parse_SpecialValueSpellings_Accepted(string value)
    {
        var point = TestPayloads.ParseOpenMetrics($"a {value}\n# EOF\n").Families[0].Points[0];

        Assert.True(double.IsNaN(point.Value) || double.IsInfinity(point.Value));
    }

    [Fact]
    public void Parse_HistogramWithoutInf_ReportsGroupLine()
    {
        var error = TestPayloads.ParseOpenMetricsError(
            "# TYPE a histogram\na_bucket{x=\"1\",le=\"1\"} 0\na_bucket{x=\"2\",le=\"+Inf\"} 0\n# EOF\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("le=\"+Inf\"", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReusedState_ForgetsPreviousFamilies()
    {
        var state = new ExpositionReaderState();
        var payload = "# TYPE a counter\na_total 1\n# EOF\n"u8.ToArray();

        for (var i = 0; i < 2; i++)
        {
            var reader = new ExpositionReader(payload, ExpositionFormat.OpenMetrics, state);
            Assert.Equal(ExpositionEntry.Type, reader.Next());
            Assert.Equal(ExpositionEntry.Sample, reader.Next());
            Assert.Equal(ExpositionEntry.EndOfInput, reader.Next());
        }
    }
}
