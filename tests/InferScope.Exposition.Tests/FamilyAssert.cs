using InferScope.Model;

namespace InferScope.Exposition.Tests;

/// <summary>Compares families field by field, with NaN equal to NaN.</summary>
internal static class FamilyAssert
{
    public static void Equal(IReadOnlyList<MetricFamily> expected, IReadOnlyList<MetricFamily> actual)
    {
        Assert.Equal(expected.Select(f => f.Name), actual.Select(f => f.Name));
        for (var i = 0; i < expected.Count; i++)
        {
            Equal(expected[i], actual[i]);
        }
    }

    public static void Equal(MetricFamily expected, MetricFamily actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Help, actual.Help);
        Assert.Equal(expected.Unit, actual.Unit);
        Assert.Equal(expected.Points.Count, actual.Points.Count);
        for (var i = 0; i < expected.Points.Count; i++)
        {
            var want = expected.Points[i];
            var got = actual.Points[i];
            Assert.Equal(want.Labels, got.Labels);
            SameValue(want.Value, got.Value);
            Assert.Equal(want.TimestampMs, got.TimestampMs);
            Assert.Equal(want.Exemplar is null, got.Exemplar is null);
            if (want.Exemplar is { } wantExemplar && got.Exemplar is { } gotExemplar)
            {
                Assert.Equal(wantExemplar.Labels, gotExemplar.Labels);
                SameValue(wantExemplar.Value, gotExemplar.Value);
                Assert.Equal(wantExemplar.TimestampMs, gotExemplar.TimestampMs);
            }
        }
    }

    private static void SameValue(double expected, double actual)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"expected NaN but got {actual}");
            return;
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
    }
}
