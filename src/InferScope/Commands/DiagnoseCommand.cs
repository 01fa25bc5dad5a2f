using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using InferScope.Analysis;
using InferScope.Analysis.Diagnosis;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Commands;

/// <summary>
/// <c>inferscope diagnose [--server URL | --data DIR] [--endpoint E] [--at TIME] [--window 15m]
/// [--format text|json]</c>: prints the ranked findings with their evidence. Exits 0 without
/// warnings, 1 when a warning or critical finding exists, 2 on invalid input or failed queries.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create()
    {
        var source = new QuerySourceOptions();
        var endpoint = new Option<string?>("--endpoint") { Description = "Diagnose only this endpoint." };
        var at = new Option<string?>("--at")
        {
            Description = "The time to diagnose, RFC 3339 or Unix seconds; default now with --server, and the newest sample in the folder with --data.",
        };
        var window = new Option<string>("--window")
        {
            Description = "The window rates and averages cover, a Prometheus duration.",
            DefaultValueFactory = _ => "15m",
        };
        var format = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("diagnose", "Rank the likely causes of latency, errors and lost capacity, with the queries behind each.")
        {
            endpoint, at, window, format,
        };
        source.AddTo(command);
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            DateTimeOffset? time;
            TimeSpan windowLength;
            try
            {
                time = FindingsService.ParseTime(parseResult.GetValue(at));
                windowLength = WindowOption.Parse(parseResult.GetValue(window)!);
            }
            catch (FormatException e)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            DiagnosisReport report;
            string? timeNote = null;
            try
            {
                using var query = source.Open(parseResult);
                if (time is null && query.Store?.NewestSampleTime() is { } newest)
                {
                    // A folder written by simulate or a stopped server ends in the past; "now" would see only stale series.
                    var newestTime = DateTimeOffset.FromUnixTimeMilliseconds(newest);
                    time = newestTime;
                    timeNote = string.Create(
                        CultureInfo.InvariantCulture,
                        $"Diagnosed at the newest sample in {parseResult.GetValue(source.Data)}, {newestTime:yyyy-MM-ddTHH:mm:ss.fffZ}; pass --at for another time.");
                }

                var request = new DiagnosisRequest(time ?? DateTimeOffset.UtcNow, windowLength, parseResult.GetValue(endpoint));
                var diagnoser = new Diagnoser(query.Engine, new DiagnosisOptions(), NullLogger<Diagnoser>.Instance);
                report = await diagnoser.DiagnoseAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DirectoryNotFoundException or IOException or HttpRequestException)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }
            catch (PromQL.QueryException e)
            {
                await error.WriteLineAsync(QueryFailure(source, parseResult, e)).ConfigureAwait(false);
                return 2;
            }

            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(format) == "json")
            {
                using var stream = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    FindingsJson.Write(writer, report);
                }

                await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.ToArray())).ConfigureAwait(false);
            }
            else
            {
                if (timeNote is not null)
                {
                    await output.WriteLineAsync(timeNote).ConfigureAwait(false);
                }

                await output.WriteAsync(FindingsText.Format(report)).ConfigureAwait(false);
            }

            return report.Findings.Any(f => f.Severity >= Severity.Warning) ? 1 : 0;
        });
        return command;
    }

    /// <summary>Returns the one-line message for queries that failed, with the source and what to check.</summary>
    internal static string QueryFailure(QuerySourceOptions source, ParseResult parseResult, PromQL.QueryException exception)
    {
        var fix = parseResult.GetValue(source.Server) is null
            ? "Check that the folder is an InferScope data folder."
            : "Check --server, and pass --bearer-token, --bearer-token-file or --basic-auth when the server requires query authentication.";
        return $"Queries to {source.DescribeSource(parseResult)} failed: {exception.Message.TrimEnd('.')}. {fix}";
    }
}
