using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace InferScope.Server.Api;

/// <summary>Writes the Prometheus API envelope to the response body.</summary>
internal static class ApiResponse
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Prometheus escapes only what JSON requires, so label values keep characters such as < and +.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>Writes <c>{"status":"success","data":…}</c>, with warnings and infos when there are any.</summary>
    public static async Task WriteSuccessAsync(
        HttpContext context,
        Action<Utf8JsonWriter> writeData,
        IReadOnlyList<string>? warnings = null,
        IReadOnlyList<string>? infos = null)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var body = new SegmentedBufferWriter();
        await using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("status"u8, "success"u8);
            writer.WritePropertyName("data"u8);
            writeData(writer);
            WriteStrings(writer, "warnings", warnings);
            WriteStrings(writer, "infos", infos);
            writer.WriteEndObject();
        }

        context.Response.ContentLength = body.Length;
        await body.CopyToAsync(context.Response.BodyWriter, context.RequestAborted);
    }

    /// <summary>Writes <c>{"status":"error","errorType":…,"error":…}</c> with the type's HTTP status.</summary>
    public static async Task WriteErrorAsync(HttpContext context, ApiError error)
    {
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("status"u8, "error"u8);
            writer.WriteString("errorType"u8, error.ErrorType);
            writer.WriteString("error"u8, error.Message);
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(CancellationToken.None);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
