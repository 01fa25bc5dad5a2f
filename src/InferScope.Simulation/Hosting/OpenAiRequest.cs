using System.Text.Json;

namespace InferScope.Simulation.Hosting;

/// <summary>The fields of an OpenAI completion or chat-completion request the simulator uses.</summary>
internal sealed record OpenAiRequest(string? Model, int PromptTokens, int MaxTokens, bool Stream, bool IncludeUsage)
{
    /// <summary>Output tokens when the client sets no <c>max_tokens</c>.</summary>
    public const int DefaultMaxTokens = 256;

    /// <summary>Reads a request body; returns null and an error message when it is invalid.</summary>
    public static OpenAiRequest? Parse(JsonElement body, bool chat, out string? error)
    {
        error = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            error = "The request body must be a JSON object.";
            return null;
        }

        var model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var characters = 0;
        if (chat)
        {
            if (!body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
            {
                error = "\"messages\" is missing; send a non-empty array of {\"role\", \"content\"} objects.";
                return null;
            }

            foreach (var message in messages.EnumerateArray())
            {
                characters += 16 + (message.TryGetProperty("content", out var content) ? content.ToString().Length : 0);
            }
        }
        else
        {
            if (!body.TryGetProperty("prompt", out var prompt) || prompt.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                error = "\"prompt\" is missing; send a string or an array of strings.";
                return null;
            }

            characters = prompt.ToString().Length;
        }

        var maxTokens = DefaultMaxTokens;
        foreach (var name in (ReadOnlySpan<string>)["max_tokens", "max_completion_tokens"])
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
            {
                if (!value.TryGetInt32(out maxTokens) || maxTokens < 1)
                {
                    error = $"\"{name}\" must be a positive integer.";
                    return null;
                }
            }
        }

        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = body.TryGetProperty("stream_options", out var options)
            && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("include_usage", out var usage)
            && usage.ValueKind == JsonValueKind.True;

        // About four characters per token, as for English text with Llama-style tokenizers.
        return new OpenAiRequest(model, Math.Max(1, characters / 4), maxTokens, stream, includeUsage);
    }
}
