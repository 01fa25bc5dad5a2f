using System.CommandLine;
using InferScope.Commands;

var root = new RootCommand("InferScope: observability for LLM inference fleets.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
