using InferScope.Engines.Catalog;
using InferScope.TestSupport;

namespace InferScope.Engines.Tests;

public class MetricsDocTests
{
    [Fact]
    public void MetricsDoc_MatchesTheCatalog()
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "docs", "metrics.md");
        var committed = File.Exists(path) ? File.ReadAllText(path) : "";

        Assert.True(
            committed == CatalogMarkdown.Generate(),
            $"docs/metrics.md is out of date with the catalog in the code. Regenerate it from the repository root with: dotnet run --project src/InferScope -- catalog --format markdown > docs/metrics.md");
    }
}
