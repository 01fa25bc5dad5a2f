using System.Globalization;
using System.Text;
using System.Text.Json;
using InferScope.Simulation.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InferScope.Simulation.Hosting;

/// <summary>
/// The OpenAI-compatible API of a simulated engine: <c>/v1/models</c>, <c>/v1/completions</c> and
/// <c>/v1/chat/completions</c>, streamed as server-sent events when <c>stream</c> is true. Tokens
/// arrive as the fleet's scheduler produces them, so the stream has the simulated TTFT and ITL.
/// </summary>
internal static class OpenAiEndpoints
{
    private static readonly string[] Words =
        [" the", " fleet", " serves", " tokens", " from", " a", " simulated", " engine", " with", " paged", " attention", "."];

    public static void Map(IEndpointRouteBuilder routes, SimulatedFleet fleet, SimReplica replica)
    {
        routes.MapGet("/v1/models", (HttpContext context) => WriteModelsAsync(context, fleet, replica));
        routes.MapPost("/v1/completions", (HttpContext context) => CompleteAsync(context, fleet, replica, chat: false));
        routes.MapPost("/v1/chat/completions", (HttpContext context) => CompleteAsync(context, fleet, replica, chat: true));
    }

    internal static async Task WriteModelsAsync(HttpContext context, SimulatedFleet fleet, SimReplica replica)
    {
        context.Response.ContentType = "application/json";
        var created = (long)fleet.StartUnixSeconds;
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        json.WriteStartObject();
        json.WriteString("id", replica.Model.ServedName);
        json.WriteString("object", "model");
        json.WriteNumber("created", created);
        json.WriteString("owned_by", ControlPlaneMetrics.EngineName(replica));
        json.WriteNumber("max_model_len", replica.Model.MaxModelLength);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static async Task CompleteAsync(HttpContext context, SimulatedFleet fleet, SimReplica replica, bool chat)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, replica, 400, "invalid_request_error", $"The request body is not valid JSON: {e.Message}");
            return;
        }

        var request = OpenAiRequest.Parse(body, chat, out var problem);
        if (request is null)
        {
            await WriteErrorAsync(context, replica, 400, "invalid_request_error", problem!);
            return;
        }

        if (request.Model is { } model && model != replica.Model.ServedName && model != replica.Model.Name)
        {
            await WriteErrorAsync(context, replica, 404, "invalid_request_error", $"The model \"{model}\" does not exist; this server serves \"{replica.Model.ServedName}\".");
            return;
        }

        var listener = new StreamingListener();
        var outputTokens = Math.Min(request.MaxTokens, 48 + (request.PromptTokens * 7 % 80));
        Engine.SimRequest? submitted;
        lock (fleet.SyncRoot)
        {
            submitted = fleet.SubmitExternal(replica, request.PromptTokens, outputTokens, request.MaxTokens, chat, listener);
            replica.Engine?.Metrics.OnHttpResponse(submitted is null ? 503 : 200);
        }

        if (submitted is null)
        {
            await WriteErrorAsync(context, replica, 503, "server_error", "The model is not ready: the deployment is starting, updating or failed. Retry later.");
            return;
        }

        var id = (chat ? "chatcmpl-" : "cmpl-") + submitted.Id.ToString(CultureInfo.InvariantCulture);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (request.Stream)
        {
            await StreamAsync(context, replica, submitted, listener, id, created, chat);
        }
        else
        {
            await RespondAsync(context, replica, submitted, listener, id, created, chat);
        }
    }

    private static async Task StreamAsync(
        HttpContext context, SimReplica replica, Engine.SimRequest request, StreamingListener listener, string id, long created, bool chat)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var index = 0;
        await foreach (var count in listener.Tokens.ReadAllAsync(context.RequestAborted))
        {
            for (var i = 0; i < count; i++)
            {
                await WriteEventAsync(context, json => WriteChunk(json, replica, id, created, chat, Text(index), index == 0, null));
                index++;
            }
        }

        var reason = FinishReasonText(request);
        await WriteEventAsync(context, json => WriteChunk(json, replica, id, created, chat, string.Empty, false, reason));
        await WriteEventAsync(context, json =>
        {
            json.WriteStartObject();
            WriteHeader(json, replica, id, created, chat, chunk: true);
            json.WriteStartArray("choices");
            json.WriteEndArray();
            WriteUsage(json, request);
            json.WriteEndObject();
        });
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static async Task RespondAsync(
        HttpContext context, SimReplica replica, Engine.SimRequest request, StreamingListener listener, string id, long created, bool chat)
    {
        var text = new StringBuilder();
        var index = 0;
        await foreach (var count in listener.Tokens.ReadAllAsync(context.RequestAborted))
        {
            for (var i = 0; i < count; i++)
            {
                text.Append(Text(index++));
            }
        }

        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        WriteHeader(json, replica, id, created, chat, chunk: false);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        if (chat)
        {
            json.WriteStartObject("message");
            json.WriteString("role", "assistant");
            json.WriteString("content", text.ToString());
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("text", text.ToString());
        }

        json.WriteNull("logprobs");
        json.WriteString("finish_reason", FinishReasonText(request));
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, request);
        json.WriteEndObject();
    }

    private static void WriteChunk(Utf8JsonWriter json, SimReplica replica, string id, long created, bool chat, string text, bool first, string? finishReason)
    {
        json.WriteStartObject();
        WriteHeader(json, replica, id, created, chat, chunk: true);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        if (chat)
        {
            json.WriteStartObject("delta");
            if (first)
            {
                json.WriteString("role", "assistant");
            }

            if (text.Length > 0)
            {
                json.WriteString("content", text);
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteString("text", text);
        }

        json.WriteNull("logprobs");
        if (finishReason is null)
        {
            json.WriteNull("finish_reason");
        }
        else
        {
            json.WriteString("finish_reason", finishReason);
        }

        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter json, SimReplica replica, string id, long created, bool chat, bool chunk)
    {
        json.WriteString("id", id);
        json.WriteString("object", (chat, chunk) switch
        {
            (true, true) => "chat.completion.chunk",
            (true, false) => "chat.completion",
            _ => "text_completion",
        });
        json.WriteNumber("created", created);
        json.WriteString("model", replica.Model.ServedName);
    }

    private static void WriteUsage(Utf8JsonWriter json, Engine.SimRequest request)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", request.PromptTokens);
        json.WriteNumber("completion_tokens", request.OutputTokens);
        json.WriteNumber("total_tokens", request.PromptTokens + request.OutputTokens);
        json.WriteEndObject();
    }

    private static async Task WriteEventAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        await context.Response.WriteAsync("data: ", context.RequestAborted);
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        await context.Response.WriteAsync("\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteErrorAsync(HttpContext context, SimReplica replica, int status, string type, string message)
    {
        replica.Engine?.Metrics.OnHttpResponse(status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", type);
        json.WriteNull("param");
        json.WriteNumber("code", status);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string FinishReasonText(Engine.SimRequest request) => request.FinishReason switch
    {
        Engine.FinishReason.Length => "length",
        Engine.FinishReason.Abort => "abort",
        _ => "stop",
    };

    private static string Text(int index) => Words[index % Words.Length];
}
