using System.IO.Hashing;
using System.Runtime.InteropServices;
using InferScope.Model;

namespace InferScope.Model.Tests;

public class LabelsTests
{
    [Fact]
    public void From_SortsByName()
    {
        var labels = Labels.FromPairs("b", "2", "__name__", "up", "a", "1");

        Assert.Equal(["__name__", "a", "b"], labels.Select(l => l.Name));
        Assert.Equal("up", labels.MetricName);
    }

    [Fact]
    public void From_DropsEmptyValues()
    {
        var labels = Labels.FromPairs("a", "", "b", "2");

        Assert.Single(labels);
        Assert.Null(labels.Get("a"));
    }

    [Fact]
    public void From_RejectsDuplicateNames()
    {
        var error = Assert.Throws<ArgumentException>(() => Labels.FromPairs("a", "1", "a", "2"));

        Assert.Contains("\"a\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_IgnoresConstructionOrder()
    {
        var left = Labels.FromPairs("a", "1", "b", "2");
        var right = Labels.FromPairs("b", "2", "a", "1");

        Assert.Equal(left, right);
        Assert.Equal(left.StableHash, right.StableHash);
    }

    [Fact]
    public void StableHash_MatchesXxHash3()
    {
        var labels = Labels.FromPairs("job", "vllm", "__name__", "up");
        var bytes = new List<byte>();
        foreach (var text in new[] { "__name__", "up", "job", "vllm" })
        {
            bytes.AddRange(MemoryMarshal.AsBytes(text.AsSpan()).ToArray());
            bytes.Add(0xff);
        }

        Assert.Equal(XxHash3.HashToUInt64([.. bytes]), labels.StableHash);
    }

    [Fact]
    public void StableHash_AllocatesNothing()
    {
        _ = Labels.FromPairs("warm", "up").StableHash;
        var labels = Labels.FromPairs("__name__", "llm_requests_total", "instance", "10.0.0.1:8000");

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = labels.StableHash;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void StableHash_DiffersWhenValueMovesBetweenLabels()
    {
        var left = Labels.FromPairs("a", "1b", "b", "2");
        var right = Labels.FromPairs("a", "1", "b", "b2");

        Assert.NotEqual(left.StableHash, right.StableHash);
    }

    [Fact]
    public void ToString_EscapesValues()
    {
        var labels = Labels.FromPairs("__name__", "m", "path", "a\"b\\c\nd");

        Assert.Equal("m{path=\"a\\\"b\\\\c\\nd\"}", labels.ToString());
    }

    [Fact]
    public void Compare_OrdersLabelByLabel()
    {
        var a = Labels.FromPairs("a", "1");
        var b = Labels.FromPairs("a", "1", "b", "0");
        var c = Labels.FromPairs("a", "2");

        Assert.True(Labels.Compare(a, b) < 0);
        Assert.True(Labels.Compare(b, c) < 0);
    }
}
