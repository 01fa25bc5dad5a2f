using System.Text.Json;
using InferScope.Analysis.Diagnosis;
using InferScope.Analysis.Scaling;
using InferScope.PromQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace InferScope.Server.Api;

/// <summary>InferScope's own analysis API under <c>/api/inferscope/v1/</c>: findings and scaling advice.</summary>
public static partial class AnalysisEndpoints
{
    /// <param name="findings">Returns the diagnosis in force for each request, so a reload changes its options.</param>
    public static IEndpointRouteBuilder MapAnalysis(
        this IEndpointRouteBuilder routes, Func<FindingsService> findings, ScalingAdvisor scaling, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/api/inferscope/v1/findings", async (HttpContext context) =>
        {
            var query = context.Request.Query;
            context.Response.ContentType = "application/json";
            try
            {
                using var buffer = new MemoryStream();
                await findings().WriteFindingsAsync(buffer, query["endpoint"], query["time"], query["window"], context.RequestAborted);
                buffer.Position = 0;
                await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
            catch (FormatException e)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "bad_data", e.Message);
            }
            catch (QueryException e) when (e.ErrorType is QueryErrorType.Unavailable or QueryErrorType.Timeout)
            {
                // The storage or remote API failed: an empty success would read as "nothing to diagnose".
                LogAnalysisFailed(logger, e, context.Request.Path);
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "unavailable", e.Message);
            }
            catch (QueryException e)
            {
                LogAnalysisFailed(logger, e, context.Request.Path);
                await WriteErrorAsync(context, StatusCodes.Status422UnprocessableEntity, "execution", e.Message);
            }
        });
        routes.MapGet("/api/inferscope/v1/scaling", async (HttpContext context) =>
        {
            var advice = await AdviseAsync(scaling, context, logger);
            if (advice is null)
            {
                return;
            }

            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            ScalingJson.Write(writer, advice);
        });
        routes.MapGet("/api/inferscope/v1/scaling/keda", async (HttpContext context) =>
        {
            var endpoint = context.Request.Query["endpoint"].ToString();
            if (string.IsNullOrEmpty(endpoint))
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "bad_data", "missing parameter endpoint; use /api/inferscope/v1/scaling/keda?endpoint=NAME");
                return;
            }

            var advice = await AdviseAsync(scaling, context, logger);
            if (advice is null)
            {
                return;
            }

            var item = advice.FirstOrDefault(a => a.Endpoint == endpoint);
            if (item is null)
            {
                await WriteErrorAsync(context, StatusCodes.Status404NotFound, "not_found", $"endpoint \"{endpoint}\" has no scaling signals; check the name against /api/inferscope/v1/scaling");
                return;
            }

            context.Response.StatusCode = item.DesiredInstances is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            ScalingJson.WriteKeda(writer, item);
        });
        return routes;
    }

    private static async Task<IReadOnlyList<ScalingAdvice>?> AdviseAsync(ScalingAdvisor scaling, HttpContext context, ILogger logger)
    {
        try
        {
            return await scaling.AdviseAsync(DateTimeOffset.UtcNow, null, context.RequestAborted);
        }
        catch (QueryException e)
        {
            LogAnalysisFailed(logger, e, context.Request.Path);
            await WriteErrorAsync(context, StatusCodes.Status422UnprocessableEntity, "execution", e.Message);
            return null;
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", "error");
        writer.WriteString("errorType", errorType);
        writer.WriteString("error", message);
        writer.WriteEndObject();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analysis request {Path} failed")]
    private static partial void LogAnalysisFailed(ILogger logger, Exception exception, string path);
}
