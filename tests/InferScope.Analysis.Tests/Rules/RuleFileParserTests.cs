using InferScope.Analysis.Rules;

namespace InferScope.Analysis.Tests.Rules;

public class RuleFileParserTests
{
    private const string ValidFile = """
        groups:
          - name: latency
            interval: 30s
            limit: 10
            rules:
              - record: endpoint:llm_ttft:p99
                expr: histogram_quantile(0.99, sum by (endpoint, le) (rate(llm_time_to_first_token_seconds_bucket[5m])))
                labels:
                  team: inference
              - alert: SlowFirstToken
                expr: endpoint:llm_ttft:p99 > 2
                for: 5m
                keep_firing_for: 10m
                labels:
                  severity: warning
                annotations:
                  summary: "{{ $labels.endpoint }} p99 TTFT is {{ $value }}s"
        """;

    [Fact]
    public void Parse_ValidFile_ReadsEveryField()
    {
        var groups = RuleFileParser.Parse(ValidFile, "latency.yml");

        var group = Assert.Single(groups);
        Assert.Equal("latency", group.Name);
        Assert.Equal("latency.yml", group.File);
        Assert.Equal(TimeSpan.FromSeconds(30), group.Interval);
        Assert.Equal(10, group.Limit);
        Assert.Equal(2, group.Rules.Count);

        var record = group.Rules[0];
        Assert.Equal(RuleKind.Recording, record.Kind);
        Assert.Equal("endpoint:llm_ttft:p99", record.Name);
        Assert.Equal("inference", record.Labels["team"]);

        var alert = group.Rules[1];
        Assert.Equal(RuleKind.Alerting, alert.Kind);
        Assert.Equal("SlowFirstToken", alert.Alert);
        Assert.Equal(TimeSpan.FromMinutes(5), alert.For);
        Assert.Equal(TimeSpan.FromMinutes(10), alert.KeepFiringFor);
        Assert.Equal("{{ $labels.endpoint }} p99 TTFT is {{ $value }}s", alert.Annotations["summary"]);
    }

    [Fact]
    public void Parse_BrokenRules_ListsEveryError()
    {
        const string text = """
            groups:
              - name: a
                interval: soon
                rules:
                  - record: "bad name"
                    expr: up
                  - record: ok
                    alert: both
                    expr: up
                  - alert: NoExpr
                  - record: with_for
                    expr: up
                    for: 5m
                  - alert: BadTemplate
                    expr: up
                    annotations:
                      summary: "{{ nosuch }}"
              - name: a
                rules: []
            """;

        var error = Assert.Throws<RuleFileException>(() => RuleFileParser.Parse(text, "broken.yml"));

        Assert.Equal("broken.yml", error.File);
        Assert.Contains(error.Errors, e => e.Contains("interval \"soon\"", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("\"bad name\" is not a valid metric name", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("exactly one of record: and alert:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("expr is missing", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("for applies to alerting rules only", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("Unknown name \"nosuch\"", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("used twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnknownField_ReportsLine()
    {
        const string text = "groups:\n  - name: a\n    rules:\n      - record: x\n        expr: up\n        fro: 5m\n";

        var error = Assert.Throws<RuleFileException>(() => RuleFileParser.Parse(text, "typo.yml"));

        Assert.Contains("line 6", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Groups_RoundTrips()
    {
        var groups = RuleFileParser.Parse(ValidFile, "latency.yml");

        var again = RuleFileParser.Parse(RuleFileParser.Serialize(groups), "latency.yml");

        Assert.Equal(groups[0].Rules, again[0].Rules, new RuleComparer());
        Assert.Equal(groups[0].Interval, again[0].Interval);
    }

    private sealed class RuleComparer : IEqualityComparer<RuleDefinition>
    {
        public bool Equals(RuleDefinition? x, RuleDefinition? y) =>
            x!.Name == y!.Name && x.Expression == y.Expression && x.For == y.For && x.KeepFiringFor == y.KeepFiringFor
            && x.Labels.OrderBy(p => p.Key).SequenceEqual(y.Labels.OrderBy(p => p.Key))
            && x.Annotations.OrderBy(p => p.Key).SequenceEqual(y.Annotations.OrderBy(p => p.Key));

        public int GetHashCode(RuleDefinition obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
