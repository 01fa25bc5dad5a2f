using System.CommandLine;
using System.Text;
using System.Text.Json;
using InferScope.Engines.Catalog;

namespace InferScope.Commands;

/// <summary>
/// <c>inferscope catalog [--format json|markdown]</c>: prints the unified metric catalog. The
/// Markdown output is docs/metrics.md.
/// </summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format")
        {
            Description = "Output format: markdown (the docs/metrics.md page) or json (an array of metric objects).",
            DefaultValueFactory = _ => "markdown",
        };
        format.AcceptOnlyFromAmong("markdown", "json");

        var command = new Command("catalog", "Print the unified llm_* metric catalog with each engine's source metrics.")
        {
            format,
        };

        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(format) == "json")
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                {
                    CatalogJson.Write(writer);
                }

                output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else
            {
                // Write without a trailing WriteLine so the file matches the generated text exactly.
                output.Write(CatalogMarkdown.Generate());
            }

            return 0;
        });
        return command;
    }
}
