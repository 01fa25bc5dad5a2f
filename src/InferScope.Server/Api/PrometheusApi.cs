using System.Diagnostics;
using System.Text.Json;
using InferScope.PromQL;
using InferScope.Server.Configuration;
using InferScope.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InferScope.Server.Api;

/// <summary>
/// The Prometheus-compatible HTTP API under <c>/api/v1</c>. Each handler parses its parameters as
/// Prometheus does and writes its JSON straight to the response.
/// </summary>
public sealed partial class PrometheusApi
{
    /// <summary>The most points a range query may return per series, as in Prometheus.</summary>
    public const int MaxPointsPerSeries = 11_000;

    private readonly ServerComponents components;
    private readonly ConfigManager config;
    private readonly TimeProvider clock;

    public PrometheusApi(ServerComponents components, ConfigManager config, TimeProvider? clock = null)
    {
        this.components = components ?? throw new ArgumentNullException(nameof(components));
        this.config = config ?? throw new ArgumentNullException(nameof(config));
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>Maps every <c>/api/v1</c> route.</summary>
    public void Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        string[] getAndPost = [HttpMethods.Get, HttpMethods.Post];
        routes.MapMethods("/api/v1/query", getAndPost, Handle(QueryAsync));
        routes.MapMethods("/api/v1/query_range", getAndPost, Handle(QueryRangeAsync));
        routes.MapMethods("/api/v1/format_query", getAndPost, Handle(FormatQueryAsync));
        routes.MapMethods("/api/v1/series", getAndPost, Handle(SeriesAsync));
        routes.MapMethods("/api/v1/labels", getAndPost, Handle(LabelsAsync));
        routes.MapGet("/api/v1/label/{name}/values", Handle(LabelValuesAsync));
        routes.MapGet("/api/v1/metadata", Handle(MetadataAsync));
        routes.MapGet("/api/v1/status/buildinfo", Handle(BuildInfoAsync));
        routes.MapGet("/api/v1/status/config", Handle(StatusConfigAsync));
        routes.MapGet("/api/v1/status/flags", Handle(StatusFlagsAsync));
        routes.MapGet("/api/v1/status/tsdb", Handle(StatusTsdbAsync));
        routes.MapGet("/api/v1/targets", Handle(TargetsAsync));
        routes.MapGet("/api/v1/rules", Handle(RulesAsync));
        routes.MapGet("/api/v1/alerts", Handle(AlertsAsync));
        routes.MapMethods("/api/v1/{**path}", [HttpMethods.Options], context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
    }

    private static RequestDelegate Handle(Func<HttpContext, ApiParameters, Task> handler) => async context =>
    {
        try
        {
            var parameters = await ApiParameters.ReadAsync(context.Request, context.RequestAborted);
            await handler(context, parameters);
        }
        catch (ApiError e)
        {
            await ApiResponse.WriteErrorAsync(context, e);
        }
        catch (QueryException e)
        {
            await ApiResponse.WriteErrorAsync(context, ApiError.FromQuery(e));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; Prometheus answers 499 in this case too, though nobody reads it.
            context.Response.StatusCode = 499;
        }
        catch (InvalidDataException e)
        {
            await ApiResponse.WriteErrorAsync(context, ApiError.BadData($"error parsing form: {e.Message}"));
        }
    };

    private async Task QueryAsync(HttpContext context, ApiParameters parameters)
    {
        var query = RequireQuery(parameters);
        var timeMs = parameters.GetTime("time", clock.GetUtcNow().ToUnixTimeMilliseconds());
        var result = await RunQueryAsync(context, parameters, "instant", token =>
            components.QueryEngine.InstantQueryAsync(query, DateTimeOffset.FromUnixTimeMilliseconds(timeMs), token));
        await ApiResponse.WriteSuccessAsync(context, writer => WriteQueryResult(writer, result, timeMs), result.Warnings, result.Infos);
    }

    private async Task QueryRangeAsync(HttpContext context, ApiParameters parameters)
    {
        var startMs = RequireTime(parameters, "start");
        var endMs = RequireTime(parameters, "end");
        if (endMs < startMs)
        {
            throw ApiError.InvalidParameter("end", "end timestamp must not be before start time");
        }

        var step = parameters.GetDuration("step") ?? throw ApiError.InvalidParameter("step", "cannot parse \"\" to a valid duration");
        if (step <= TimeSpan.Zero)
        {
            throw ApiError.InvalidParameter("step", "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }

        // Integer division of the durations, as Prometheus computes it: exactly 11,000 steps pass.
        if ((endMs - startMs) / (long)step.TotalMilliseconds > MaxPointsPerSeries)
        {
            throw ApiError.BadData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }

        var query = RequireQuery(parameters);
        var result = await RunQueryAsync(context, parameters, "range", token =>
            components.QueryEngine.RangeQueryAsync(
                query,
                DateTimeOffset.FromUnixTimeMilliseconds(startMs),
                DateTimeOffset.FromUnixTimeMilliseconds(endMs),
                step,
                token));
        await ApiResponse.WriteSuccessAsync(context, writer => WriteQueryResult(writer, result, endMs), result.Warnings, result.Infos);
    }

    private Task FormatQueryAsync(HttpContext context, ApiParameters parameters)
    {
        var query = RequireQuery(parameters);
        var formatter = components.Formatter
            ?? throw new ApiError("unavailable", "query formatting is not available in this build");
        string formatted;
        try
        {
            formatted = formatter.Format(query);
        }
        catch (QueryException e) when (e.ErrorType == QueryErrorType.BadData)
        {
            throw ApiError.InvalidParameter("query", e.Message);
        }

        return ApiResponse.WriteSuccessAsync(context, writer => writer.WriteStringValue(formatted));
    }

    private async Task<QueryResult> RunQueryAsync(
        HttpContext context,
        ApiParameters parameters,
        string kind,
        Func<CancellationToken, Task<QueryResult>> run)
    {
        var timeout = parameters.GetDuration("timeout");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // A .NET timer waits at most 2^32 - 2 ms, about 49.7 days, so a longer timeout leaves the timer
        // off and the engine's own timeout ends the query.
        if (timeout is { } limit && limit > TimeSpan.Zero && limit <= QueryConfig.MaxTimeout)
        {
            timeoutSource.CancelAfter(limit);
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            var result = await run(timeoutSource.Token);

            // The engine checks for cancellation only after a batch of work, and a busy thread pool can
            // delay the timer, so a query that finished past its timeout is a timeout too.
            if (timeout is { } allowed && allowed > TimeSpan.Zero && stopwatch.Elapsed > allowed)
            {
                throw new ApiError("timeout", "query timed out in expression evaluation");
            }

            return result;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            throw new ApiError("timeout", "query timed out in expression evaluation");
        }
        catch (QueryException e) when (e.ErrorType == QueryErrorType.Canceled
            && timeoutSource.IsCancellationRequested
            && !context.RequestAborted.IsCancellationRequested)
        {
            // The engine reports any cancellation as canceled, but only a client that went away cancels
            // the request itself, so this one hit the timeout parameter.
            const string CanceledPrefix = "query was canceled in ";
            var phase = e.Message.StartsWith(CanceledPrefix, StringComparison.Ordinal) ? e.Message[CanceledPrefix.Length..] : "expression evaluation";
            throw new ApiError("timeout", $"query timed out in {phase}", e);
        }
        catch (QueryException e) when (e.ErrorType == QueryErrorType.BadData)
        {
            throw ApiError.InvalidParameter("query", e.Message);
        }
        finally
        {
            components.Metrics.RecordQuery(kind, stopwatch.Elapsed);
        }
    }

    private static string RequireQuery(ApiParameters parameters)
    {
        var query = parameters.Get("query");
        if (string.IsNullOrWhiteSpace(query))
        {
            throw ApiError.InvalidParameter("query", "1:1: parse error: no expression found in input");
        }

        return query;
    }

    private static long RequireTime(ApiParameters parameters, string name)
    {
        var text = parameters.Get(name);
        if (string.IsNullOrEmpty(text))
        {
            throw ApiError.InvalidParameter(name, "cannot parse \"\" to a valid timestamp");
        }

        return parameters.GetTime(name, 0);
    }

    internal static void WriteQueryResult(Utf8JsonWriter writer, QueryResult result, long evaluationTimeMs)
    {
        writer.WriteStartObject();
        writer.WriteString("resultType"u8, result.Type switch
        {
            ResultType.Scalar => "scalar",
            ResultType.String => "string",
            ResultType.Vector => "vector",
            _ => "matrix",
        });
        writer.WritePropertyName("result"u8);
        switch (result.Type)
        {
            case ResultType.Scalar:
                var scalar = result.Scalar ?? new Point(evaluationTimeMs, double.NaN);
                PrometheusJson.WritePoint(writer, scalar.TimestampMs, scalar.Value);
                break;
            case ResultType.String:
                writer.WriteStartArray();
                PrometheusJson.WriteTimestamp(writer, result.Scalar?.TimestampMs ?? evaluationTimeMs);
                writer.WriteStringValue(result.String ?? string.Empty);
                writer.WriteEndArray();
                break;
            case ResultType.Vector:
                writer.WriteStartArray();
                foreach (var series in result.Series)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("metric"u8);
                    PrometheusJson.WriteLabels(writer, series.Labels);
                    if (series.Points.Count > 0 && series.Points[0].Histogram is { } histogram)
                    {
                        writer.WritePropertyName("histogram"u8);
                        PrometheusJson.WriteHistogramPoint(writer, series.Points[0].TimestampMs, histogram);
                    }
                    else if (series.Points.Count > 0)
                    {
                        writer.WritePropertyName("value"u8);
                        PrometheusJson.WritePoint(writer, series.Points[0].TimestampMs, series.Points[0].Value);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartArray();
                foreach (var series in result.Series)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("metric"u8);
                    PrometheusJson.WriteLabels(writer, series.Labels);
                    var histograms = 0;
                    foreach (var point in series.Points)
                    {
                        histograms += point.Histogram is null ? 0 : 1;
                    }

                    // As in Prometheus, floats go to "values" and histograms to "histograms". A
                    // series with histograms only has no "values" field.
                    if (histograms < series.Points.Count || series.Points.Count == 0)
                    {
                        writer.WriteStartArray("values"u8);
                        foreach (var point in series.Points)
                        {
                            if (point.Histogram is null)
                            {
                                PrometheusJson.WritePoint(writer, point.TimestampMs, point.Value);
                            }
                        }

                        writer.WriteEndArray();
                    }

                    if (histograms > 0)
                    {
                        writer.WriteStartArray("histograms"u8);
                        foreach (var point in series.Points)
                        {
                            if (point.Histogram is { } histogram)
                            {
                                PrometheusJson.WriteHistogramPoint(writer, point.TimestampMs, histogram);
                            }
                        }

                        writer.WriteEndArray();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
        }

        writer.WriteEndObject();
    }
}
