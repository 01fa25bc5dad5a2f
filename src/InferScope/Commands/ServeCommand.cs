using System.CommandLine;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;

namespace InferScope.Commands;

/// <summary><c>inferscope serve --config FILE [--listen ADDR] [--data DIR]</c>: the production server.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config") { Description = "The YAML configuration file (see docs/configuration.md).", Required = true };
        var listen = new Option<string?>("--listen") { Description = $"Address to listen on as host:port; overrides web.listen_address (default 0.0.0.0:{WebConfig.DefaultPort})." };
        var data = new Option<string?>("--data") { Description = "Data folder of the embedded store; overrides storage.data_dir." };
        var command = new Command("serve", "Run the InferScope server: the embedded store and the Prometheus-compatible API.") { config, listen, data };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var configFile = parseResult.GetValue(config)!;
            if (!configFile.Exists)
            {
                await error.WriteLineAsync($"Configuration file {configFile.FullName} not found; pass --config with the path of a YAML file such as examples/inferscope.yaml (see docs/configuration.md).");
                return 2;
            }

            if (parseResult.GetValue(listen) is { } address && !ListenOption.TryValidate(address, out var listenError))
            {
                await error.WriteLineAsync(listenError);
                return 2;
            }

            var options = new ServerOptions
            {
                ConfigPath = configFile.FullName,
                ListenAddress = parseResult.GetValue(listen),
                DataDir = parseResult.GetValue(data),
            };
            try
            {
                await ServeRunner.RunAsync(options, parseResult.InvocationConfiguration.Output, cancellationToken);
                return 0;
            }
            catch (ConfigException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }
        });
        return command;
    }
}
