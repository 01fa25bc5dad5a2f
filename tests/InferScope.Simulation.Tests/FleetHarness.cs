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

    /// <summary>Returns the mean of a histogram over a window: Δsum / Δcount between two times.</summary>
    public static double WindowMean(SimulatedFleet fleet, string job, string histogram, double from, double to)
    {
        fleet.AdvanceTo(from);
        var sum0 = Sum(fleet, job, histogram + "_sum");
        var count0 = Sum(fleet, job, histogram + "_count");
        fleet.AdvanceTo(to);
        var sum1 = Sum(fleet, job, histogram + "_sum");
        var count1 = Sum(fleet, job, histogram + "_count");
        return (sum1 - sum0) / Math.Max(1, count1 - count0);
    }
}
