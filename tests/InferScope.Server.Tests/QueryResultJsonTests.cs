using System.Text;
using System.Text.Json;
using InferScope.Model;
using InferScope.Model.Histograms;
using InferScope.PromQL;
using InferScope.Server.Api;

namespace InferScope.Server.Tests;

public class QueryResultJsonTests
{
    private static readonly FloatHistogram Latency = FloatHistogram.FromBuckets(0, 0, 0, 3, 4.5, [(1, 1), (2, 2)], []);

    private static string Write(QueryResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            PrometheusApi.WriteQueryResult(writer, result, 0);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Vector_HistogramSample()
    {
        var result = new QueryResult(ResultType.Vector, [new SeriesResult(Labels.FromPairs("__name__", "latency"), [new Point(2_000, double.NaN) { Histogram = Latency }])]);

        var json = Write(result);

        Assert.Equal(
            """{"resultType":"vector","result":[{"metric":{"__name__":"latency"},"histogram":[2,{"count":"3","sum":"4.5","buckets":[[0,"1","2","1"],[0,"2","4","2"]]}]}]}""",
            json);
    }

    [Fact]
    public void Matrix_FloatsAndHistogramsSplit()
    {
        Point[] points = [new(1_000, 1.5), new(2_000, double.NaN) { Histogram = Latency }];
        var result = new QueryResult(ResultType.Matrix, [new SeriesResult(Labels.FromPairs("__name__", "latency"), points)]);

        var json = Write(result);

        Assert.Equal(
            """{"resultType":"matrix","result":[{"metric":{"__name__":"latency"},"values":[[1,"1.5"]],"histograms":[[2,{"count":"3","sum":"4.5","buckets":[[0,"1","2","1"],[0,"2","4","2"]]}]]}]}""",
            json);
    }

    [Fact]
    public void Matrix_HistogramsOnlyHasNoValues()
    {
        var result = new QueryResult(ResultType.Matrix, [new SeriesResult(Labels.FromPairs("__name__", "latency"), [new Point(2_000, double.NaN) { Histogram = Latency }])]);

        var json = Write(result);

        Assert.DoesNotContain("\"values\"", json, StringComparison.Ordinal);
        Assert.Contains("\"histograms\":[[2,", json, StringComparison.Ordinal);
    }
}
