using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
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

    public Option<string?> BearerToken { get; } = new("--bearer-token")
    {
        Description = "A bearer token sent with every query to --server, for servers that require query authentication.",
    };

    public Option<FileInfo?> BearerTokenFile { get; } = new("--bearer-token-file")
    {
        Description = "A file whose content is the bearer token, which keeps the token out of the process list.",
    };

    public Option<string?> BasicAuth { get; } = new("--basic-auth")
    {
        Description = "USER:PASSWORD sent as HTTP basic authentication with every query to --server.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Data);
        command.Options.Add(BearerToken);
        command.Options.Add(BearerTokenFile);
        command.Options.Add(BasicAuth);
        command.Validators.Add(result =>
        {
            var hasServer = result.GetValue(Server) is not null;
            var hasData = result.GetValue(Data) is not null;
            var credentials = (result.GetValue(BearerToken) is null ? 0 : 1)
                + (result.GetValue(BearerTokenFile) is null ? 0 : 1)
                + (result.GetValue(BasicAuth) is null ? 0 : 1);
            if (hasServer == hasData)
            {
                result.AddError("Give exactly one of --server URL and --data DIR.");
            }
            else if (result.GetValue(Server) is { } server && !IsHttpUri(server))
            {
                result.AddError($"Invalid --server \"{server}\": use an http or https address such as http://127.0.0.1:9090/.");
            }
            else if (credentials > 1)
            {
                result.AddError("Give at most one of --bearer-token, --bearer-token-file and --basic-auth.");
            }
            else if (credentials == 1 && !hasServer)
            {
                result.AddError("--bearer-token, --bearer-token-file and --basic-auth apply to --server only; a data folder needs no credentials.");
            }
            else if (result.GetValue(BasicAuth) is { } basic && !basic.Contains(':', StringComparison.Ordinal))
            {
                result.AddError("Invalid --basic-auth: use USER:PASSWORD, with a colon between the user name and the password.");
            }
        });
    }

    /// <summary>Returns where the queries go, for messages: the server address or the data folder.</summary>
    public string DescribeSource(ParseResult parseResult) =>
        parseResult.GetValue(Server) is { } server ? $"the query API at {server}" : $"the data folder {parseResult.GetValue(Data)}";

    /// <summary>Returns the Authorization header the credential options name, or null without one.</summary>
    /// <exception cref="IOException">The token file cannot be read.</exception>
    private AuthenticationHeaderValue? Authorization(ParseResult parseResult)
    {
        if (parseResult.GetValue(BearerToken) is { } token)
        {
            return new AuthenticationHeaderValue("Bearer", token);
        }

        if (parseResult.GetValue(BearerTokenFile) is { } file)
        {
            if (!file.Exists)
            {
                throw new FileNotFoundException($"Bearer token file {file.FullName} not found; pass --bearer-token-file with a file that contains the token.");
            }

            return new AuthenticationHeaderValue("Bearer", File.ReadAllText(file.FullName).Trim());
        }

        if (parseResult.GetValue(BasicAuth) is { } basic)
        {
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }

        return null;
    }

    private static bool IsHttpUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Opens the query engine the options name; dispose the returned scope when done.</summary>
    /// <exception cref="DirectoryNotFoundException">The data folder does not exist.</exception>
    public QuerySource Open(ParseResult parseResult)
    {
        if (parseResult.GetValue(Server) is { } server)
        {
            var authorization = Authorization(parseResult);
            var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = authorization;
            return new QuerySource(new RemoteQueryEngine(http, new Uri(server)), http);
        }

        var folder = parseResult.GetValue(Data)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Data folder {folder} not found; pass the folder that inferscope serve writes to.");
        }

        var tsdb = Tsdb.Open(folder);
        var engine = new LocalQueryEngine(tsdb);
        return new QuerySource(engine, engine, tsdb) { Store = tsdb };
    }
}

/// <summary>An open query engine and what must be disposed with it.</summary>
internal sealed class QuerySource(IQueryEngine engine, params IDisposable[] owned) : IDisposable
{
    public IQueryEngine Engine { get; } = engine;

    /// <summary>The opened data folder, or null when the queries go to a server.</summary>
    public Tsdb? Store { get; init; }

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }
}
