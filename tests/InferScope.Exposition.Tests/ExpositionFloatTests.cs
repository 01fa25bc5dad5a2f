using CsCheck;

namespace InferScope.Exposition.Tests;

public sealed class ExpositionFloatTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(100000.0, "100000")]
    [InlineData(123456.0, "123456")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(2478268416.0, "2.478268416e+09")]
    [InlineData(0.013300656000000001, "0.013300656000000001")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e100, "1e+100")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(9223372036854775808.0, "9.223372036854776e+18")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Format_KnownValues_MatchesPrometheus(double value, string expected)
    {
        Assert.Equal(expected, ExpositionFloat.ToString(value));
    }

    [Fact]
    public void Format_AnyDouble_ParsesBackExactly()
    {
        Gen.Double.Sample(value =>
        {
            var parsed = ParseBack(ExpositionFloat.ToString(value));

            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(parsed));
        }, iter: 20_000);
    }

    /// <summary>Parses a formatted value as a sample value, the way a scraper of the output would.</summary>
    private static double ParseBack(string text)
    {
        var payload = ExpositionParser.Parse(System.Text.Encoding.UTF8.GetBytes($"a {text}\n"), ExpositionContentType.PrometheusText);
        return payload.Families[0].Points[0].Value;
    }
}
