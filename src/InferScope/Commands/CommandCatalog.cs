using System.CommandLine;

namespace InferScope.Commands;

/// <summary>The subcommands of <c>inferscope</c>, each built in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return TsdbCommand.Create();
        yield return CatalogCommand.Create();
        yield return PromqlTestCommand.Create();
        yield return ServeCommand.Create();
        yield return ReplayCommand.Create();
        yield return CheckMetricsCommand.Create();
        yield return DemoCommand.Create();
        yield return SimulateCommand.Create();
        yield return DiagnoseCommand.Create();
        yield return CompareCommand.Create();
    }
}
