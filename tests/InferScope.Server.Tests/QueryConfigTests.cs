using InferScope.PromQL.Engine;
using InferScope.Server.Configuration;

namespace InferScope.Server.Tests;

/// <summary>The <c>query</c> block: defaults equal the engine's own, each key binds, and each bad value names the key, the value and the fix.</summary>
public sealed class QueryConfigTests
{
    [Fact]
    public void Parse_NoQueryBlock_Defaults()
    {
        var query = ConfigLoader.Parse("").Query;

        Assert.Equal(TimeSpan.FromMinutes(5), query.LookbackDelta);
        Assert.Equal(TimeSpan.FromMinutes(2), query.Timeout);
        Assert.Equal(50_000_000, query.MaxSamples);
        Assert.Equal(20, query.MaxConcurrency);
        Assert.Equal(Environment.ProcessorCount, query.ReadParallelism);
    }

    [Fact]
    public void Parse_EmptyQueryBlock_Defaults()
    {
        var query = ConfigLoader.Parse("query:\n").Query;

        Assert.Equal(new QueryConfig(), query);
    }

    [Fact]
    public void Defaults_MatchEngineDefaults()
    {
        var fromConfig = new QueryConfig().ToEngineOptions();
        var engine = new QueryEngineOptions();

        Assert.Equal(engine.LookbackDelta, fromConfig.LookbackDelta);
        Assert.Equal(engine.Timeout, fromConfig.Timeout);
        Assert.Equal(engine.MaxSamples, fromConfig.MaxSamples);
        Assert.Equal(engine.MaxConcurrentQueries, fromConfig.MaxConcurrentQueries);
        Assert.Equal(engine.MaxReadParallelism, fromConfig.MaxReadParallelism);
        Assert.Equal(engine.MaxPointsPerSeries, fromConfig.MaxPointsPerSeries);
        Assert.Equal(engine.DefaultSubqueryStep, fromConfig.DefaultSubqueryStep);
    }

    [Fact]
    public void Parse_EveryKey_Bound()
    {
        const string yaml = """
            query:
              lookback_delta: 1m30s
              timeout: 45s
              max_samples: 5000000000
              max_concurrency: 4
              read_parallelism: 2
            """;

        var query = ConfigLoader.Parse(yaml).Query;

        Assert.Equal(TimeSpan.FromSeconds(90), query.LookbackDelta);
        Assert.Equal(TimeSpan.FromSeconds(45), query.Timeout);
        Assert.Equal(5_000_000_000, query.MaxSamples);
        Assert.Equal(4, query.MaxConcurrency);
        Assert.Equal(2, query.ReadParallelism);
    }

    [Fact]
    public void ToEngineOptions_CarriesEveryKey()
    {
        var query = new QueryConfig
        {
            LookbackDelta = TimeSpan.FromSeconds(90),
            Timeout = TimeSpan.FromSeconds(45),
            MaxSamples = 1234,
            MaxConcurrency = 3,
            ReadParallelism = 1,
        };

        var options = query.ToEngineOptions();

        Assert.Equal(TimeSpan.FromSeconds(90), options.LookbackDelta);
        Assert.Equal(TimeSpan.FromSeconds(45), options.Timeout);
        Assert.Equal(1234, options.MaxSamples);
        Assert.Equal(3, options.MaxConcurrentQueries);
        Assert.Equal(1, options.MaxReadParallelism);
    }

    [Fact]
    public void Parse_LongestTimeout_Accepted()
    {
        var query = ConfigLoader.Parse("query:\n  timeout: 7w\n").Query;

        Assert.Equal(TimeSpan.FromDays(49), query.Timeout);
    }

    [Theory]
    [InlineData("lookback_delta", "5", "invalid duration \"5\"; use a number with a unit such as 30s, 5m, 2h or 15d")]
    [InlineData("lookback_delta", "-1m", "invalid duration \"-1m\"; use a number with a unit such as 30s, 5m, 2h or 15d")]
    [InlineData("lookback_delta", "0", "duration 0 is too short; use at least 1ms")]
    [InlineData("timeout", "2 minutes", "invalid duration \"2 minutes\"; use a number with a unit such as 30s, 5m, 2h or 15d")]
    [InlineData("timeout", "0s", "duration 0s is too short; use at least 1ms")]
    [InlineData("timeout", "50d", "duration 50d is too long; use at most 7w")]
    [InlineData("max_samples", "0", "0 is out of range; use a whole number of at least 1")]
    [InlineData("max_samples", "-5", "-5 is out of range; use a whole number of at least 1")]
    [InlineData("max_samples", "5e7", "invalid whole number \"5e7\"; use a whole number of at least 1")]
    [InlineData("max_samples", "99999999999999999999", "invalid whole number \"99999999999999999999\"; use a whole number of at least 1")]
    [InlineData("max_concurrency", "0", "0 is out of range; use a whole number of at least 1")]
    [InlineData("max_concurrency", "2.5", "invalid whole number \"2.5\"; use a whole number of at least 1")]
    [InlineData("max_concurrency", "3000000000", "3000000000 is out of range; use a whole number from 1 to 2147483647")]
    [InlineData("read_parallelism", "0", "0 is out of range; use a whole number of at least 1")]
    [InlineData("read_parallelism", "all", "invalid whole number \"all\"; use a whole number of at least 1")]
    public void Parse_InvalidValue_NamesKeyValueAndFix(string key, string value, string message)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse($"query:\n  {key}: {value}\n", "/etc/inferscope.yaml"));

        var problem = Assert.Single(error.Errors);
        Assert.Equal($"query.{key}", problem.Field);
        Assert.Equal(2, problem.Line);
        Assert.Equal(message, problem.Message);
        Assert.Contains($"/etc/inferscope.yaml: line 2, column {problem.Column}: query.{key}: {message}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKey_ListsValidKeys()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("query:\n  max_samples_per_query: 10\n"));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("query.max_samples_per_query", problem.Field);
        Assert.Equal(
            "unknown field \"max_samples_per_query\"; valid fields here are: lookback_delta, max_concurrency, max_samples, read_parallelism, timeout",
            problem.Message);
    }

    [Fact]
    public void Parse_QueryNotMapping_Rejected()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("query: 5m\n"));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("query", problem.Field);
        Assert.StartsWith("expected a mapping of fields", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralInvalidKeys_AllReported()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("query:\n  timeout: soon\n  max_samples: 0\n  max_concurrency: 0\n"));

        Assert.Equal(["query.timeout", "query.max_samples", "query.max_concurrency"], error.Errors.Select(e => e.Field));
    }
}
