using System.CommandLine;
using System.Reflection;

namespace InferScope.Commands;

/// <summary><c>inferscope version</c>: prints the build version.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the InferScope version.");
        command.SetAction(parseResult =>
        {
            var version = typeof(VersionCommand).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            parseResult.InvocationConfiguration.Output.WriteLine($"inferscope {version}");
            return 0;
        });
        return command;
    }
}
