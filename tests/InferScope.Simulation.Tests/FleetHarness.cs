using InferScope.Simulation.Fleet;
using InferScope.Simulation.Scenarios;
using InferScope.TestSupport;

namespace InferScope.Simulation.Tests;

/// <summary>Builds shipped scenarios and reads their targets' metrics at chosen virtual times.</summary>
internal static class FleetHarness
{
    public const double StartUnixSeconds = 1_767_225_600; // 2026-01-01T00:00:00Z

    public static ScenarioDefinition Load(string name) =>
        ScenarioLoader.Load(Path.Combine(SharedData.RepositoryRoot, "scenarios", name + ".yaml"));

    public static SimulatedFleet Build(string name) => SimulatedFleet.Create(Load(name), StartUnixSeconds);

    /// <summary>Sums a metric over every target of a job at the fleet's current time.</summary>
    public static double Sum(SimulatedFleet fleet, string job, string metric, params (string, string)[] match)
    {
        double total = 0;
        foreach (var target in fleet.Targets.Where(t => t.Job == job))
        {
            var response = target.Render(fleet.Now);
            if (response.StatusCode == 200)
            {
                total += SampleReader.Parse(response.Body).Sum(metric, match);
            }
        }

        return total;
    }

    /// <summary>
    /// Returns the mean of each histogram over a window, Δsum / Δcount between two times; the
    /// fleet must not be past <paramref name="from"/> yet.
    /// </summary>
    public static double[] WindowMeans(SimulatedFleet fleet, double from, double to, params (string Job, string Histogram)[] histograms)
    {
        Assert.True(fleet.Now <= from, $"the fleet is already at {fleet.Now}, past the window start {from}");
        fleet.AdvanceTo(from);
        var before = histograms.Select(h => (Sum(fleet, h.Job, h.Histogram + "_sum"), Sum(fleet, h.Job, h.Histogram + "_count"))).ToList();
        fleet.AdvanceTo(to);
        var means = new double[histograms.Length];
        for (var i = 0; i < histograms.Length; i++)
        {
            var (job, histogram) = histograms[i];
            var count = Sum(fleet, job, histogram + "_count") - before[i].Item2;
            Assert.True(count > 0, $"{histogram} has no observations between {from} and {to}");
            means[i] = (Sum(fleet, job, histogram + "_sum") - before[i].Item1) / count;
        }

        return means;
    }
}
