using InferScope.Server.Api;

namespace InferScope.Server.Tests;

public class ApiParametersTests
{
    [Theory]
    [InlineData("1435781451", 1_435_781_451_000L)]
    [InlineData("1435781451.781", 1_435_781_451_781L)]
    [InlineData("2015-07-01T20:10:51.781Z", 1_435_781_451_781L)]
    [InlineData("2015-07-01T22:10:51.781+02:00", 1_435_781_451_781L)]
    [InlineData("2015-07-01T20:10:51Z", 1_435_781_451_000L)]
    [InlineData("2015-07-01T20:10:51.781000000Z", 1_435_781_451_781L)]
    [InlineData("-292273086-05-16T16:47:06Z", ApiParameters.MinTimeMs)]
    [InlineData("292277025-08-18T07:12:54.999999999Z", ApiParameters.MaxTimeMs)]
    public void TryParseTime_AcceptsPrometheusForms(string text, long expectedMs)
    {
        Assert.True(ApiParameters.TryParseTime(text, out var timestampMs));
        Assert.Equal(expectedMs, timestampMs);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("now")]
    [InlineData("-292273086-05-17T16:47:06Z")]
    public void TryParseTime_RejectsOtherForms(string text)
    {
        Assert.False(ApiParameters.TryParseTime(text, out _));
    }

    [Theory]
    [InlineData("15", 15_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("100ms", 100)]
    public void TryParseDuration_SecondsOrUnits(string text, long expectedMs)
    {
        Assert.True(ApiParameters.TryParseDuration(text, out var duration));
        Assert.Equal(expectedMs, (long)duration.TotalMilliseconds);
    }

    [Theory]
    [InlineData("1h1h")]
    [InlineData("30s1m")]
    [InlineData("5x")]
    [InlineData("")]
    public void TryParseDuration_RejectsInvalid(string text)
    {
        Assert.False(ApiParameters.TryParseDuration(text, out _));
    }
}
