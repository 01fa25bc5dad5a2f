using InferScope.Model;

namespace InferScope.Exposition.Tests;

public sealed class PrometheusTextParserTests
{
    [Fact]
    public void Parse_HelpTypeAndSamples_BuildsFamily()
    {
        var payload = TestPayloads.ParseText(
            "# HELP http_requests_total Requests served.\n" +
            "# TYPE http_requests_total counter\n" +
            "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n" +
            "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n");

        Assert.Equal(ExpositionFormat.PrometheusText, payload.Format);
        var family = Assert.Single(payload.Families);
        Assert.Equal("http_requests", family.Name);
        Assert.Equal(MetricType.Counter, family.Type);
        Assert.Equal("Requests served.", family.Help);
        Assert.Equal(2, family.Points.Count);
        var first = family.Points[0];
        Assert.Equal("http_requests_total", first.Labels.MetricName);
        Assert.Equal("post", first.Labels.Get("method"));
        Assert.Equal("200", first.Labels.Get("code"));
        Assert.Equal(1027, first.Value);
        Assert.Equal(1395066363000, first.TimestampMs);
        Assert.Equal(3, family.Points[1].Value);
    }

    [Fact]
    public void Parse_CounterWithoutTotal_KeepsName()
    {
        var payload = TestPayloads.ParseText("# TYPE DJLServingStart counter\nDJLServingStart{Version=\"0.27\"} 1\n");

        var family = Assert.Single(payload.Families);
        Assert.Equal("DJLServingStart", family.Name);
        Assert.Equal(SampleRole.Total, SampleRoleOf("# TYPE DJLServingStart counter\nDJLServingStart 1\n"));
    }

    [Fact]
    public void Parse_CommentsBlankLinesAndBlanks_Accepted()
    {
        var payload = TestPayloads.ParseText(
            "# A free comment\n\n   \n#\n# HELPER not metadata\n#TYPE metric_without_timestamp_and_labels counter\n" +
            "  metric_without_timestamp_and_labels \t 12.47  \n" +
            "something_weird{problem=\"division by zero\" , } +Inf -3982045\n");

        Assert.Equal(2, payload.Families.Count);
        Assert.Equal(MetricType.Unknown, payload.Family("metric_without_timestamp_and_labels").Type);
        Assert.Equal(12.47, payload.Family("metric_without_timestamp_and_labels").Points[0].Value);
        var weird = payload.Family("something_weird").Points[0];
        Assert.Equal(double.PositiveInfinity, weird.Value);
        Assert.Equal(-3982045, weird.TimestampMs);
        Assert.Equal("division by zero", weird.Labels.Get("problem"));
    }

    [Fact]
    public void Parse_EscapedLabelValueAndHelp_Unescaped()
    {
        var payload = TestPayloads.ParseText(
            "# HELP msdos_file_access_time_seconds Access time \\\\ of \\n files \\\" kept.\n" +
            "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\",other=\"\\z\"} 1.458255915e9\n");

        var family = Assert.Single(payload.Families);
        Assert.Equal("Access time \\ of \n files \\\" kept.", family.Help);
        var labels = family.Points[0].Labels;
        Assert.Equal("C:\\DIR\\FILE.TXT", labels.Get("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", labels.Get("error"));
        Assert.Equal("\\z", labels.Get("other"));
        Assert.Equal(1458255915, family.Points[0].Value);
    }

    [Fact]
    public void Parse_HistogramAndSummary_GroupsSuffixes()
    {
        var payload = TestPayloads.ParseText(
            "# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{le=\"0.05\"} 24054\n" +
            "latency_seconds_bucket{le=\"+Inf\"} 144320\n" +
            "latency_seconds_sum 53423\n" +
            "latency_seconds_count 144320\n" +
            "# TYPE rpc_duration_seconds summary\n" +
            "rpc_duration_seconds{quantile=\"0.5\"} 4773\n" +
            "rpc_duration_seconds_sum 1.7560473e+07\n" +
            "rpc_duration_seconds_count 2693\n");

        Assert.Equal(2, payload.Families.Count);
        var histogram = payload.Family("latency_seconds");
        Assert.Equal(MetricType.Histogram, histogram.Type);
        Assert.Equal(4, histogram.Points.Count);
        Assert.Equal("+Inf", histogram.Points[1].Labels.Get("le"));
        var summary = payload.Family("rpc_duration_seconds");
        Assert.Equal(MetricType.Summary, summary.Type);
        Assert.Equal(3, summary.Points.Count);
        Assert.Equal(17560473, summary.Points[1].Value);
    }

    [Fact]
    public void Parse_InterleavedFamily_MergesIntoFirst()
    {
        var payload = TestPayloads.ParseText("# TYPE a gauge\na 1\n# TYPE b gauge\nb 2\na{x=\"1\"} 3\n");

        Assert.Equal(["a", "b"], payload.Families.Select(f => f.Name));
        Assert.Equal([1.0, 3.0], payload.Family("a").Points.Select(p => p.Value));
    }

    [Fact]
    public void Parse_UntypedAndNoMetadata_Unknown()
    {
        var payload = TestPayloads.ParseText("# TYPE a untyped\na 1\nb_total 2\n");

        Assert.All(payload.Families, f => Assert.Equal(MetricType.Unknown, f.Type));
        Assert.Equal(["a", "b_total"], payload.Families.Select(f => f.Name));
    }

    [Fact]
    public void Parse_NaNAndInfinities_CaseInsensitive()
    {
        var payload = TestPayloads.ParseText("a NaN\nb -Inf\nc +inf\nd nan\ne Infinity\n");

        Assert.True(double.IsNaN(payload.Family("a").Points[0].Value));
        Assert.Equal(double.NegativeInfinity, payload.Family("b").Points[0].Value);
        Assert.Equal(double.PositiveInfinity, payload.Family("c").Points[0].Value);
        Assert.True(double.IsNaN(payload.Family("d").Points[0].Value));
        Assert.Equal(double.PositiveInfinity, payload.Family("e").Points[0].Value);
    }

    [Fact]
    public void Parse_EmptyInput_NoFamilies()
    {
        Assert.Empty(TestPayloads.ParseText(string.Empty).Families);
    }

    [Fact]
    public void Parse_EmptyLabelValue_Dropped()
    {
        var point = TestPayloads.ParseText("a{x=\"\",y=\"1\"} 1\n").Families[0].Points[0];

        Assert.Null(point.Labels.Get("x"));
        Assert.Equal("1", point.Labels.Get("y"));
    }

    [Theory]
    [InlineData("a{b=\"1\",b=\"2\"} 1\n", 1, 9, "each label name at most once")]
    [InlineData("a{b=1} 1\n", 1, 5, "a label value in double quotes")]
    [InlineData("a 1 1.5\n", 1, 5, "whole milliseconds")]
    [InlineData("a 1 2 3\n", 1, 7, "the end of the line after the timestamp")]
    [InlineData("ok 1\n9a 1\n", 2, 1, "a metric name")]
    [InlineData("a 0x1p3\n", 1, 3, "a sample value")]
    [InlineData("a{b=\"1\"\n", 1, 8, "',' or '}'")]
    [InlineData("a{b=\"1} 1\n", 1, 5, "closing '\"'")]
    [InlineData("# TYPE a histogramm\n", 1, 10, "one of counter, gauge, histogram, summary or untyped")]
    [InlineData("# TYPE a info\n", 1, 10, "one of counter, gauge, histogram, summary or untyped")]
    [InlineData("a{__name__=\"b\"} 1\n", 1, 3, "other than __name__")]
    [InlineData("a 1 # {x=\"y\"} 1\n", 1, 5, "only OpenMetrics")]
    [InlineData("a 1\r\nb 2\r\n", 1, 4, "end with \"\\n\" alone")]
    public void Parse_Malformed_ReportsLineColumnAndExpectation(string text, int line, int column, string expected)
    {
        var error = TestPayloads.ParseTextError(text);

        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(expected, error.Expected, StringComparison.Ordinal);
        Assert.Contains($"line {line}, column {column}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorMessage_NamesFoundTokenAndLine()
    {
        var error = TestPayloads.ParseTextError("good 1\nbad{x=\"1\"} one\n");

        Assert.Equal("\"one\"", error.Found);
        Assert.Equal(
            "Invalid exposition at line 2, column 12: expected a sample value such as 1, -2.5, 1e3, +Inf or NaN, but found \"one\". Line 2: bad{x=\"1\"} one",
            error.Message);
    }

    [Fact]
    public void Parse_ColumnCountsCharacters_NotBytes()
    {
        var error = TestPayloads.ParseTextError("a{x=\"é€\"} z\n");

        Assert.Equal(11, error.Column);
    }

    [Fact]
    public void Parse_InvalidUtf8_Rejected()
    {
        byte[] payload = [.. "a 1\nb{x=\""u8, 0xC3, 0x28, .. "\"} 1\n"u8];

        var error = Assert.Throws<ExpositionParseException>(() => ExpositionParser.Parse(payload, ExpositionContentType.PrometheusText));

        Assert.Equal(2, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Equal("the byte 0xC3", error.Found);
    }

    [Fact]
    public void Parse_ConflictingTypes_Rejected()
    {
        var error = TestPayloads.ParseTextError("# TYPE a gauge\na 1\n# TYPE a counter\n");

        Assert.Contains("declared as Gauge and again as Counter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepeatedHelp_LastWins()
    {
        var family = TestPayloads.ParseText("# HELP a first\n# HELP a second\na 1\n").Families[0];

        Assert.Equal("second", family.Help);
    }

    [Fact]
    public void Parse_ManyLabels_AllKept()
    {
        var labels = string.Join(",", Enumerable.Range(0, 40).Select(i => $"l{i}=\"v{i}\""));

        var point = TestPayloads.ParseText($"a{{{labels}}} 1\n").Families[0].Points[0];

        Assert.Equal(41, point.Labels.Count);
        Assert.Equal("v39", point.Labels.Get("l39"));
    }

    [Fact]
    public void Parse_EofLine_IsComment()
    {
        var payload = TestPayloads.ParseText("a 1\n# EOF\nb 2\n");

        Assert.Equal(2, payload.Families.Count);
    }

    private static SampleRole SampleRoleOf(string text)
    {
        var reader = new ExpositionReader(System.Text.Encoding.UTF8.GetBytes(text), ExpositionFormat.PrometheusText);
        while (reader.Next() != ExpositionEntry.Sample)
        {
        }

        return reader.Role;
    }
}
