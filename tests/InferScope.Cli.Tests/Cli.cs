using System.CommandLine;
using InferScope.Commands;

namespace InferScope.Cli.Tests;

/// <summary>Runs <c>inferscope</c> in process and captures its output.</summary>
internal static class Cli
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand("inferscope");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var exitCode = await root.Parse(args).InvokeAsync(configuration);
        return (exitCode, output.ToString(), error.ToString());
    }
}
