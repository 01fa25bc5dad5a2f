using System.CommandLine;
using InferScope.Server.Replay;
using Microsoft.Extensions.Hosting;

namespace InferScope.Commands;

/// <summary><c>inferscope replay DIR --listen ADDR</c>: serves captured payloads as scrape targets.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "Folder of captured payloads; each file NAME.prom, NAME.txt or NAME.om is served at /NAME/metrics, and other files are skipped." };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, as host:port.", DefaultValueFactory = _ => "127.0.0.1:9201" };
        var command = new Command("replay", "Serve captured exposition payloads as scrape targets, one path per file.") { folder, listen };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var directory = parseResult.GetValue(folder)!;
            if (!ListenOption.TryValidate(parseResult.GetValue(listen)!, out var listenError))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(listenError);
                return 2;
            }

            var app = ReplayServer.Build(directory.FullName, parseResult.GetValue(listen)!);
            await app.StartAsync(cancellationToken);
            foreach (var skipped in directory.EnumerateFiles().Where(f => !f.Name.StartsWith('.') && !ReplayServer.IsPayloadFile(f.FullName)))
            {
                parseResult.InvocationConfiguration.Output.WriteLine(
                    $"Skipping {skipped.Name}: only {string.Join(", ", ReplayServer.PayloadExtensions)} files are served.");
            }

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
