using System.Globalization;
using System.Text;
using InferScope.Model;
using InferScope.PromQL.Testing;
using Xunit.Abstractions;

namespace InferScope.PromQL.Tests;

/// <summary>
/// Runs the same queries through InferScope's HTTP API and a real Prometheus 2.42's, both holding
/// the same series, as instant queries at three times and range queries at two resolutions, and requires
/// equal label sets and values within the scripts' 1e-6 relative tolerance.
/// </summary>
public sealed class DifferentialTests(PrometheusFixture fixture, ITestOutputHelper output) : IClassFixture<PrometheusFixture>
{
    private static readonly DateTimeOffset[] InstantTimes =
    [
        FleetDataset.Start.AddMinutes(40).AddMilliseconds(500),
        FleetDataset.Start.AddMinutes(61).AddMilliseconds(650),
        FleetDataset.Start.AddMinutes(118).AddMilliseconds(750),
    ];

    private static readonly (DateTimeOffset Start, DateTimeOffset End, TimeSpan Step)[] Ranges =
    [
        (FleetDataset.Start.AddMinutes(40).AddMilliseconds(500), FleetDataset.Start.AddMinutes(114).AddMilliseconds(500), TimeSpan.FromMinutes(1)),
        (FleetDataset.Start.AddMinutes(50).AddMilliseconds(750), FleetDataset.Start.AddMinutes(80).AddMilliseconds(750), TimeSpan.FromSeconds(15)),
    ];

    [Fact]
    public async Task InferScopeApi_AgreesWithPrometheus242Api()
    {
        var queries = DifferentialQueries.All();
        var compared = 0;
        var evaluations = 0;
        var skipped = new Dictionary<string, int>();
        var mismatches = new List<string>();
        foreach (var query in queries)
        {
            var rule = Prometheus242Rules.SkipReason(query);
            if (rule is not null)
            {
                skipped[rule] = skipped.GetValueOrDefault(rule) + 1;
                continue;
            }

            compared++;
            foreach (var time in InstantTimes)
            {
                evaluations++;
                var problem = await CompareAsync(
                    () => fixture.Served.InstantQueryAsync(query, time),
                    () => fixture.Remote.InstantQueryAsync(query, time));
                if (problem is not null)
                {
                    mismatches.Add($"instant {query} @ {time:O}: {problem}");
                }
            }

            if (Syntax.Parser.Parse(query).Kind is Syntax.ValueKind.Matrix or Syntax.ValueKind.String)
            {
                continue;
            }

            foreach (var (start, end, step) in Ranges)
            {
                evaluations++;
                var problem = await CompareAsync(
                    () => fixture.Served.RangeQueryAsync(query, start, end, step),
                    () => fixture.Remote.RangeQueryAsync(query, start, end, step));
                if (problem is not null)
                {
                    mismatches.Add($"range {query} step {step}: {problem}");
                }
            }
        }

        output.WriteLine($"{compared} queries compared in {evaluations} evaluations; {skipped.Values.Sum()} skipped by rule; {mismatches.Count} mismatches");
        foreach (var (rule, count) in skipped)
        {
            output.WriteLine($"skipped {count}: {rule}");
        }

        foreach (var mismatch in mismatches)
        {
            output.WriteLine(mismatch);
        }

        Assert.True(compared >= 200, $"only {compared} queries were compared");
        Assert.True(skipped.Count >= 3, "the 2.42 rules should each be exercised");
        Assert.Empty(mismatches);
    }

    private static async Task<string?> CompareAsync(Func<Task<QueryResult>> local, Func<Task<QueryResult>> remote)
    {
        QueryResult? ours = null;
        QueryResult? theirs = null;
        QueryException? ourError = null;
        QueryException? theirError = null;
        try
        {
            ours = await local();
        }
        catch (QueryException e)
        {
            ourError = e;
        }

        try
        {
            theirs = await remote();
        }
        catch (QueryException e)
        {
            theirError = e;
        }

        if (ourError is not null || theirError is not null)
        {
            return ourError?.ErrorType == theirError?.ErrorType ? null : $"errors differ: ours {ourError?.ErrorType} {ourError?.Message}; prometheus {theirError?.ErrorType} {theirError?.Message}";
        }

        if (ours!.Type != theirs!.Type)
        {
            return $"result types differ: ours {ours.Type}, prometheus {theirs.Type}";
        }

        if (ours.Type == ResultType.Scalar)
        {
            return Same(ours.Scalar!.Value, theirs.Scalar!.Value) ? null : $"scalar {ours.Scalar} vs {theirs.Scalar}";
        }

        if (ours.Type == ResultType.String)
        {
            return ours.String == theirs.String ? null : $"string {ours.String} vs {theirs.String}";
        }

        var mine = ours.Series.ToDictionary(s => s.Labels);
        var reference = theirs.Series.ToDictionary(s => s.Labels);
        var problems = new StringBuilder();
        foreach (var (labels, series) in reference)
        {
            if (!mine.TryGetValue(labels, out var match))
            {
                problems.Append(CultureInfo.InvariantCulture, $"missing {labels}; ");
                continue;
            }

            if (match.Points.Count != series.Points.Count)
            {
                problems.Append(CultureInfo.InvariantCulture, $"{labels}: {match.Points.Count} points vs {series.Points.Count}; ");
                continue;
            }

            for (var i = 0; i < series.Points.Count; i++)
            {
                if (!Same(match.Points[i], series.Points[i]))
                {
                    problems.Append(CultureInfo.InvariantCulture, $"{labels}: {match.Points[i]} vs {series.Points[i]}; ");
                    break;
                }
            }
        }

        foreach (var labels in mine.Keys.Where(l => !reference.ContainsKey(l)))
        {
            problems.Append(CultureInfo.InvariantCulture, $"extra {labels}; ");
        }

        return problems.Length == 0 ? null : problems.ToString();
    }

    private static bool Same(Point a, Point b) => a.TimestampMs == b.TimestampMs && ScriptRunner.AlmostEqual(b.Value, a.Value);
}
