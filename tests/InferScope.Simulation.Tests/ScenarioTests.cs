using System.Diagnostics;
using InferScope.Simulation.Fleet;
using InferScope.Simulation.Scenarios;
using InferScope.TestSupport;

namespace InferScope.Simulation.Tests;

public sealed class ScenarioTests
{
    public static TheoryData<string> ShippedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(SharedData.RepositoryRoot, "scenarios"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void ShippedScenario_LoadsAndRuns(string name)
    {
        var fleet = FleetHarness.Build(name);
        var watch = Stopwatch.StartNew();
        fleet.AdvanceTo(1800);

        Assert.Equal(name, fleet.Scenario.Name);
        Assert.Contains(fleet.Scenario.RootCause, RootCauses.All);
        Assert.NotEmpty(fleet.Targets);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"30 virtual minutes took {watch.Elapsed}");
    }

    [Fact]
    public void ShippedScenarios_CoverEveryRootCause()
    {
        var causes = Directory.GetFiles(Path.Combine(SharedData.RepositoryRoot, "scenarios"), "*.yaml")
            .Select(file => FleetHarness.Load(Path.GetFileNameWithoutExtension(file)).RootCause)
            .ToHashSet();

        Assert.Equal(RootCauses.All.Order(StringComparer.Ordinal), causes.Order(StringComparer.Ordinal));
    }
}
