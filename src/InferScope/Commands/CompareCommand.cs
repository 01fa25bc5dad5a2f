using System.CommandLine;
using System.Text.Json;
using InferScope.Analysis;
using InferScope.Analysis.Comparison;
using InferScope.Analysis.Diagnosis;
using InferScope.Analysis.Rules;

namespace InferScope.Commands;

/// <summary>
/// <c>inferscope compare --a MATCHERS --b MATCHERS [--server URL | --data DIR] [--format text|json]</c>: compares two
/// engines or configurations serving the same model on the same hardware, with 95% intervals.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var source = new QuerySourceOptions();
        var a = new Option<string>("--a") { Description = "Label matchers of the first configuration, such as engine=\"vllm\",model=\"llama-3.1-8b\".", Required = true };
        var b = new Option<string>("--b") { Description = "Label matchers of the second configuration.", Required = true };
        var at = new Option<string?>("--at") { Description = "The end of the compared window, RFC 3339 or Unix seconds; default now." };
        var window = new Option<string>("--window") { Description = "The compared window, a Prometheus duration.", DefaultValueFactory = _ => "1h" };
        var load = new Option<double?>("--load") { Description = "A load in requests per second; the output adds the instances each side needs for it." };
        var ttft = new Option<double>("--slo-ttft") { Description = "The TTFT objective in seconds, for goodput.", DefaultValueFactory = _ => 1.0 };
        var itl = new Option<double>("--slo-itl") { Description = "The inter-token latency objective in seconds, for goodput.", DefaultValueFactory = _ => 0.1 };
        var format = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("compare", "Compare latency, throughput, goodput and instances needed for two engines or configurations.")
        {
            a, b, at, window, load, ttft, itl, format,
        };
        source.AddTo(command);
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            ComparisonRequest request;
            try
            {
                request = new ComparisonRequest(
                    new ComparisonSubject(parseResult.GetValue(a)!, parseResult.GetValue(a)!),
                    new ComparisonSubject(parseResult.GetValue(b)!, parseResult.GetValue(b)!),
                    FindingsService.ParseTime(parseResult.GetValue(at)) ?? DateTimeOffset.UtcNow,
                    WindowOption.Parse(parseResult.GetValue(window)!),
                    new EndpointSlo("*", parseResult.GetValue(ttft), parseResult.GetValue(itl)),
                    parseResult.GetValue(load));
            }
            catch (FormatException e)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            try
            {
                using var query = source.Open(parseResult);
                var report = await new Comparator(query.Engine).CompareAsync(request, cancellationToken).ConfigureAwait(false);
                var output = parseResult.InvocationConfiguration.Output;
                if (parseResult.GetValue(format) == "json")
                {
                    using var stream = new MemoryStream();
                    using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                    {
                        ComparisonJson.Write(writer, report);
                    }

                    await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.ToArray())).ConfigureAwait(false);
                }
                else
                {
                    await output.WriteAsync(ComparisonText.Format(report)).ConfigureAwait(false);
                }

                return 0;
            }
            catch (PromQL.QueryException e)
            {
                await error.WriteLineAsync(DiagnoseCommand.QueryFailure(source, parseResult, e)).ConfigureAwait(false);
                return 2;
            }
            catch (Exception e) when (e is DirectoryNotFoundException or IOException or HttpRequestException or ArgumentException)
            {
                await error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
