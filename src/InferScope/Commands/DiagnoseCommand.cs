using System.CommandLine;
using System.Text.Json;
using InferScope.Analysis;
using InferScope.Analysis.Diagnosis;
using Microsoft.Extensions.Logging.Abstractions;

namespace InferScope.Commands;

/// <summary>
/// <c>inferscope diagnose [--server URL | --data DIR] [--endpoint E] [--at TIME] [--window 15m]
/// [--format text|json]</c>: prints the ranked findings with their evidence. Exits 0 without
/// warnings, 1 when a warning or critical finding exists, 2 on invalid input.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create()
    {
        var source = new QuerySourceOptions();
        var endpoint = new Option<string?>("--endpoint") { Description = "Diagnose only this endpoint." };
        var at = new Option<string?>("--at") { Description = "The time to diagnose, RFC 3339 or Unix seconds; default now." };
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
            DiagnosisRequest request;
            try
            {
                var time = FindingsService.ParseTime(parseResult.GetValue(at)) ?? DateTimeOffset.UtcNow;
                request = new DiagnosisRequest(time, WindowOption.Parse(parseResult.GetValue(window)!), parseResult.GetValue(endpoint));
            }
            catch (FormatException e)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            DiagnosisReport report;
            try
            {
                using var query = source.Open(parseResult);
                var diagnoser = new Diagnoser(query.Engine, new DiagnosisOptions(), NullLogger<Diagnoser>.Instance);
                report = await diagnoser.DiagnoseAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DirectoryNotFoundException or IOException or HttpRequestException)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
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
                await output.WriteAsync(FindingsText.Format(report)).ConfigureAwait(false);
            }

            return report.Findings.Any(f => f.Severity >= Severity.Warning) ? 1 : 0;
        });
        return command;
    }
}
