using System.CommandLine;
using InferScope.Server.Replay;
using Microsoft.Extensions.Hosting;

namespace InferScope.Commands;

/// <summary><c>inferscope replay DIR --listen ADDR</c>: serves captured payloads as scrape targets.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "Folder of captured payloads; each file NAME.prom is served at /NAME/metrics." };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, as host:port.", DefaultValueFactory = _ => "127.0.0.1:9201" };
        var command = new Command("replay", "Serve captured exposition payloads as scrape targets, one path per file.") { folder, listen };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var directory = parseResult.GetValue(folder)!;
            var app = ReplayServer.Build(directory.FullName, parseResult.GetValue(listen)!);
            await app.StartAsync(cancellationToken);
            foreach (var address in app.Urls)
            {
                parseResult.InvocationConfiguration.Output.WriteLine($"Replaying {directory.FullName} at {address}/");
            }

            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
