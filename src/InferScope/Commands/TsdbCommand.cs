using System.CommandLine;

namespace InferScope.Commands;

/// <summary><c>inferscope tsdb</c>: tools for the embedded store's data folder.</summary>
internal static class TsdbCommand
{
    public static Command Create()
    {
        var command = new Command("tsdb", "Import into and inspect the embedded store's data folder.");
        command.Subcommands.Add(TsdbImportCommand.Create());
        command.Subcommands.Add(TsdbStatsCommand.Create());
        return command;
    }
}
