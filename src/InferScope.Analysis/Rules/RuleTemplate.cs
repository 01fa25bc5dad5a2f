using System.Globalization;
using System.Text;
using InferScope.Model;

namespace InferScope.Analysis.Rules;

/// <summary>
/// A compiled label or annotation template in the subset of Go's text/template that Prometheus
/// rule files use: <c>{{ $labels.name }}</c>, <c>{{ $value }}</c>, <c>{{ $externalLabels.name }}</c>,
/// their <c>.Labels</c>/<c>.Value</c> forms, pipelines with <c>|</c>, trim markers <c>{{-</c> and
/// <c>-}}</c>, and the functions in <see cref="TemplateFunctions"/>. Control structures such as
/// <c>if</c> and <c>range</c> are rejected when the template is parsed.
/// </summary>
public sealed class RuleTemplate
{
    private readonly List<object> parts;

    private RuleTemplate(string text, List<object> parts)
    {
        Text = text;
        this.parts = parts;
    }

    public string Text { get; }

    /// <exception cref="TemplateException">The template is invalid; the message names the action.</exception>
    public static RuleTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<object>();
        var position = 0;
        var literal = new StringBuilder();
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                literal.Append(text, position, text.Length - position);
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new TemplateException($"Unclosed action at offset {open} in template \"{text}\": add the closing }}}}.");
            }

            literal.Append(text, position, open - position);
            var inner = text[(open + 2)..close];
            var trimLeft = inner.StartsWith("- ", StringComparison.Ordinal) || inner == "-";
            var trimRight = inner.EndsWith(" -", StringComparison.Ordinal);
            if (trimLeft)
            {
                inner = inner[1..];
                var trimmed = literal.ToString().TrimEnd();
                literal.Clear().Append(trimmed);
            }

            if (trimRight)
            {
                inner = inner[..^1];
            }

            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
                literal.Clear();
            }

            parts.Add(ParsePipeline(inner.Trim(), text));
            position = close + 2;
            if (trimRight)
            {
                while (position < text.Length && char.IsWhiteSpace(text[position]))
                {
                    position++;
                }
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }

        return new RuleTemplate(text, parts);
    }

    /// <exception cref="TemplateException">A function failed, for example printf with a bad verb.</exception>
    public string Expand(TemplateData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is string literal)
            {
                builder.Append(literal);
                continue;
            }

            var value = EvaluatePipeline((List<List<Operand>>)part, data);
            builder.Append(TemplateFunctions.Print(value));
        }

        return builder.ToString();
    }

    private static List<List<Operand>> ParsePipeline(string action, string template)
    {
        if (action.Length == 0)
        {
            throw new TemplateException($"Empty action {{{{}}}} in template \"{template}\".");
        }

        var pipeline = new List<List<Operand>>();
        foreach (var commandText in SplitOutsideQuotes(action, '|'))
        {
            var command = new List<Operand>();
            foreach (var token in SplitOutsideQuotes(commandText, ' '))
            {
                if (token.Length > 0)
                {
                    command.Add(ParseOperand(token, action, template));
                }
            }

            if (command.Count == 0)
            {
                throw new TemplateException($"Empty command in action \"{action}\" of template \"{template}\".");
            }

            if (command.Count > 1 && command[0].Kind != OperandKind.Function)
            {
                throw new TemplateException($"\"{command[0].Text}\" in action \"{action}\" is not a function and cannot take arguments.");
            }

            pipeline.Add(command);
        }

        return pipeline;
    }

    private static Operand ParseOperand(string token, string action, string template)
    {
        if (token[0] == '"' || token[0] == '`')
        {
            if (token.Length < 2 || token[^1] != token[0])
            {
                throw new TemplateException($"Unterminated string {token} in action \"{action}\".");
            }

            var content = token[1..^1];
            if (token[0] == '"')
            {
                content = content.Replace("\\n", "\n", StringComparison.Ordinal)
                    .Replace("\\t", "\t", StringComparison.Ordinal)
                    .Replace("\\\"", "\"", StringComparison.Ordinal)
                    .Replace("\\\\", "\\", StringComparison.Ordinal);
            }

            return new Operand(OperandKind.Literal, token, content);
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new Operand(OperandKind.Literal, token, number);
        }

        var (source, key) = SplitPath(token);
        switch (source)
        {
            case "$value" or ".Value" or "$.Value" when key is null:
                return new Operand(OperandKind.Value, token, null);
            case "$labels" or ".Labels" or "$.Labels":
                return new Operand(OperandKind.Labels, token, key);
            case "$externalLabels" or ".ExternalLabels" or "$.ExternalLabels":
                return new Operand(OperandKind.ExternalLabels, token, key);
            case "$" or "." when key is null:
                return new Operand(OperandKind.Value, token, null);
        }

        if (TemplateFunctions.IsKnown(token))
        {
            return new Operand(OperandKind.Function, token, token);
        }

        if (token is "if" or "else" or "end" or "range" or "with" or "define" or "template" or "block")
        {
            throw new TemplateException(
                $"Control action \"{token}\" in template \"{template}\" is not supported: rules may use values, label lookups and functions only.");
        }

        throw new TemplateException(
            $"Unknown name \"{token}\" in action \"{action}\": use $labels.NAME, $value, $externalLabels.NAME or one of the functions {string.Join(", ", TemplateFunctions.Names)}.");
    }

    private static (string Source, string? Key) SplitPath(string token)
    {
        var start = token.StartsWith("$.", StringComparison.Ordinal) ? 2 : 1;
        var dot = token.IndexOf('.', start);
        return dot < 0 ? (token, null) : (token[..dot], token[(dot + 1)..]);
    }

    private static List<string> SplitOutsideQuotes(string text, char separator)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                current.Append(c);
                if (c == '\\' && quote == '"' && i + 1 < text.Length)
                {
                    current.Append(text[++i]);
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '`')
            {
                quote = c;
                current.Append(c);
            }
            else if (c == separator)
            {
                result.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        result.Add(current.ToString().Trim());
        return result;
    }

    private static object? EvaluatePipeline(List<List<Operand>> pipeline, TemplateData data)
    {
        object? previous = null;
        for (var i = 0; i < pipeline.Count; i++)
        {
            var command = pipeline[i];
            if (command[0].Kind != OperandKind.Function)
            {
                previous = Resolve(command[0], data);
                continue;
            }

            var arguments = new List<object?>();
            for (var a = 1; a < command.Count; a++)
            {
                arguments.Add(Resolve(command[a], data));
            }

            if (i > 0)
            {
                arguments.Add(previous);
            }

            previous = TemplateFunctions.Invoke((string)command[0].Payload!, arguments);
        }

        return previous;
    }

    private static object? Resolve(Operand operand, TemplateData data) => operand.Kind switch
    {
        OperandKind.Literal => operand.Payload,
        OperandKind.Value => data.Value,
        OperandKind.Labels => Lookup(data.Labels, (string?)operand.Payload),
        OperandKind.ExternalLabels => Lookup(data.ExternalLabels, (string?)operand.Payload),
        _ => throw new TemplateException($"Function \"{operand.Text}\" used as a value: call it at the start of a command."),
    };

    // A missing label expands to the empty string, as Go's map lookup does for $labels.
    private static object Lookup(Labels labels, string? key) => key is null ? labels : labels.Get(key) ?? string.Empty;

    private enum OperandKind
    {
        Literal,
        Value,
        Labels,
        ExternalLabels,
        Function,
    }

    private sealed record Operand(OperandKind Kind, string Text, object? Payload);
}
