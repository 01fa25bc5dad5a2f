using System.CommandLine;
using InferScope.PromQL;
using InferScope.PromQL.Remote;
using InferScope.Storage;

namespace InferScope.Commands;

/// <summary>
/// The <c>--server URL</c> and <c>--data DIR</c> options that the analysis commands share: query a
/// running Prometheus-compatible server, or open a data folder directly.
/// </summary>
internal sealed class QuerySourceOptions
{
    public Option<string?> Server { get; } = new("--server")
    {
        Description = "The address of a Prometheus-compatible API to query, such as http://127.0.0.1:9090/.",
    };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = "A data folder to open and query directly; the server using it must be stopped.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Data);
        command.Validators.Add(result =>
        {
            var hasServer = result.GetValue(Server) is not null;
            var hasData = result.GetValue(Data) is not null;
            if (hasServer == hasData)
            {
                result.AddError("Give exactly one of --server URL and --data DIR.");
            }
            else if (result.GetValue(Server) is { } server && !IsHttpUri(server))
            {
                result.AddError($"Invalid --server \"{server}\": use an http or https address such as http://127.0.0.1:9090/.");
            }
        });
    }

    private static bool IsHttpUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Opens the query engine the options name; dispose the returned scope when done.</summary>
    /// <exception cref="DirectoryNotFoundException">The data folder does not exist.</exception>
    public QuerySource Open(ParseResult parseResult)
    {
        if (parseResult.GetValue(Server) is { } server)
        {
            var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            return new QuerySource(new RemoteQueryEngine(http, new Uri(server)), http);
        }

        var folder = parseResult.GetValue(Data)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Data folder {folder} not found; pass the folder that inferscope serve writes to.");
        }

        var tsdb = Tsdb.Open(folder);
        var engine = new LocalQueryEngine(tsdb);
        return new QuerySource(engine, engine, tsdb);
    }
}

/// <summary>An open query engine and what must be disposed with it.</summary>
internal sealed class QuerySource(IQueryEngine engine, params IDisposable[] owned) : IDisposable
{
    public IQueryEngine Engine { get; } = engine;

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }
}
