using System.CommandLine;
using InferScope.Commands.CheckMetrics;
using InferScope.Engines;
using InferScope.Exposition;

namespace InferScope.Commands;

/// <summary>
/// <c>inferscope check-metrics FILE|URL ...</c>: parses each payload, detects its engine and shows
/// what it normalizes into. Exits 1 when a payload cannot be read or parsed.
/// </summary>
internal static class CheckMetricsCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Exposition payloads: file paths, http(s) URLs of /metrics endpoints, or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format: text or json.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var engine = new Option<string?>("--engine")
        {
            Description = $"The engine behind every payload ({EngineKindNames.LabelValueList}); detected when omitted.",
        };
        var contentType = new Option<string?>("--content-type")
        {
            Description = "Parse every payload as this Content-Type, such as application/openmetrics-text; by default a URL's response header or, for files, a final # EOF line decides.",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds allowed for each URL request.",
            DefaultValueFactory = _ => 10,
        };

        var command = new Command("check-metrics", "Check exposition payloads: engine, families, samples, unified metrics, deprecated names and problems.")
        {
            inputs,
            format,
            engine,
            contentType,
            timeout,
        };

        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            EngineKind? hint = null;
            if (parseResult.GetValue(engine) is { } engineText)
            {
                if (!EngineKindNames.TryParse(engineText, out var parsed))
                {
                    await error.WriteLineAsync(
                        $"Unknown engine \"{engineText}\"; use one of: {EngineKindNames.LabelValueList}.").ConfigureAwait(false);
                    return 2;
                }

                hint = parsed;
            }

            var seconds = parseResult.GetValue(timeout);
            if (seconds is < 1 or > 300)
            {
                await error.WriteLineAsync($"--timeout {seconds} is out of range; give whole seconds from 1 to 300.").ConfigureAwait(false);
                return 2;
            }

            var reports = new List<MetricsCheckReport>();
            foreach (var input in parseResult.GetValue(inputs) ?? [])
            {
                reports.Add(await CheckAsync(input, parseResult.GetValue(contentType), hint, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false));
            }

            if (parseResult.GetValue(format) == "json")
            {
                MetricsCheckWriter.WriteJson(output, reports);
            }
            else
            {
                MetricsCheckWriter.WriteText(output, reports);
            }

            return reports.Any(r => r.Failed) ? 1 : 0;
        });
        return command;
    }

    private static async Task<MetricsCheckReport> CheckAsync(
        string input, string? contentType, EngineKind? hint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        byte[] body;
        string? resolvedType;
        try
        {
            (body, resolvedType) = await PayloadInput.ReadAsync(input, contentType, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            return new MetricsCheckReport(input, null, 0, 0, null, e.Message);
        }

        // llama.cpp builds b7010 to b7100 served /metrics as one JSON string.
        if (body.Length > 0 && body[0] == (byte)'"')
        {
            return new MetricsCheckReport(input, null, 0, 0, null,
                "The body starts with a double quote: it is a JSON-escaped string, not exposition text (llama.cpp builds b7010-b7100 did this; upgrade the server).");
        }

        ScrapePayload payload;
        try
        {
            payload = ExpositionParser.Parse(body, resolvedType);
        }
        catch (ExpositionParseException e)
        {
            return new MetricsCheckReport(input, null, 0, 0, null, e.Message);
        }

        var samples = payload.Families.Sum(f => f.Points.Count);
        var format = payload.Format == ExpositionFormat.OpenMetrics ? "openmetrics-1.0" : "prometheus-text-0.0.4";
        var result = EngineNormalizer.Normalize(payload, hint);
        return new MetricsCheckReport(input, format, payload.Families.Count, samples, result, null);
    }
}
