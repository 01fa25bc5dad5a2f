using System.Text;
using InferScope.Model;

namespace InferScope.Engines.Catalog;

/// <summary>Writes the unified catalog as the Markdown page docs/metrics.md.</summary>
public static class CatalogMarkdown
{
    /// <summary>The command that regenerates the page, printed in its header.</summary>
    public const string Command = "inferscope catalog --format markdown > docs/metrics.md";

    /// <summary>Returns the whole page, with <c>\n</c> line ends.</summary>
    public static string Generate()
    {
        var text = new StringBuilder();
        WriteHeader(text);
        foreach (var group in Enum.GetValues<MetricGroup>())
        {
            WriteGroup(text, group);
        }

        WriteCapabilityMatrix(text);
        return text.ToString();
    }

    private static void WriteHeader(StringBuilder text)
    {
        text.Append("# Unified metrics\n\n");
        text.Append("This page is generated from the code by `").Append(Command).Append("`; edit the catalog in\n");
        text.Append("src/InferScope.Engines/Catalog and the mapping rules in src/InferScope.Engines/Adapters, then regenerate it.\n\n");
        text.Append("InferScope keeps every scraped metric as it is and also writes the `llm_*` metrics below, so one\n");
        text.Append("query covers a fleet that mixes engines. Values are in base units (seconds, bytes, ratios from 0 to 1).\n");
        text.Append("Histograms keep their source buckets; each series carries a `bucket_layout` label that fingerprints its\n");
        text.Append("bucket bounds, so never merge or subtract quantiles across different `bucket_layout` values.\n");
        text.Append("An engine that lacks a metric produces no series for it, never zeros (see the capability matrix at the end).\n\n");
        text.Append("Labels by scope (each series also has its own labels, listed per metric):\n\n");
        foreach (var scope in Enum.GetValues<LabelScope>())
        {
            text.Append("- ").Append(scope.ToString().ToLowerInvariant()).Append(": ")
                .Append(string.Join(", ", UnifiedLabels.ForScope(scope).Select(l => $"`{l}`"))).Append('\n');
        }

        text.Append('\n');
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{UnifiedCatalog.All.Count} metrics in all.\n");
    }

    private static void WriteGroup(StringBuilder text, MetricGroup group)
    {
        var metrics = UnifiedCatalog.All.Where(m => m.Group == group).ToList();
        if (metrics.Count == 0)
        {
            return;
        }

        text.Append("\n## ").Append(Title(group)).Append("\n\n");
        text.Append("| metric | type | unit | scope and labels | meaning | OpenTelemetry | sources |\n");
        text.Append("| --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var metric in metrics)
        {
            text.Append("| `").Append(metric.Name).Append("` | ")
                .Append(TypeName(metric.Type)).Append(" | ")
                .Append(Cell(metric.Unit)).Append(" | ")
                .Append(metric.Scope.ToString().ToLowerInvariant());
            foreach (var label in metric.OwnLabels)
            {
                text.Append(", `").Append(label).Append('`');
            }

            text.Append(" | ").Append(Cell(metric.Meaning)).Append(" | ")
                .Append(metric.OpenTelemetryName is null ? "" : $"`{Cell(metric.OpenTelemetryName)}`").Append(" | ")
                .Append(SourcesCell(metric)).Append(" |\n");
        }
    }

    private static string SourcesCell(UnifiedMetric metric)
    {
        var parts = new List<string>();
        foreach (var source in metric.Sources)
        {
            var line = $"{source.Engine.ToDisplayName()}: `{Cell(source.Expression)}`";
            if (source.Conversion.Length > 0)
            {
                line += $" ({Cell(source.Conversion)})";
            }

            if (source.Deprecated)
            {
                line += " (deprecated)";
            }

            parts.Add(line);
        }

        if (metric.Producer is not null)
        {
            parts.Add($"produced by {Cell(metric.Producer)}");
        }

        return string.Join("<br>", parts);
    }

    private static void WriteCapabilityMatrix(StringBuilder text)
    {
        text.Append("\n## Capability matrix\n\n");
        text.Append("Which engine provides each metric: `native` (copied), `converted` (unit, type or histogram-sum\n");
        text.Append("conversion), `legacy` (only older versions export it, under a deprecated name) or `-` (missing: no\n");
        text.Append("series is written).\n\n");
        text.Append("| metric |");
        foreach (var engine in EngineKindNames.All)
        {
            text.Append(' ').Append(engine.ToLabelValue()).Append(" |");
        }

        text.Append("\n| --- |");
        foreach (var _ in EngineKindNames.All)
        {
            text.Append(" --- |");
        }

        text.Append('\n');
        foreach (var metric in UnifiedCatalog.All.Where(m => m.Sources.Count > 0))
        {
            text.Append("| `").Append(metric.Name).Append("` |");
            foreach (var engine in EngineKindNames.All)
            {
                var cell = CapabilityMatrix.Get(engine, metric.Name) switch
                {
                    Capability.Native => "native",
                    Capability.Converted => "converted",
                    Capability.Legacy => "legacy",
                    _ => "-",
                };
                text.Append(' ').Append(cell).Append(" |");
            }

            text.Append('\n');
        }
    }

    private static string Title(MetricGroup group) => group switch
    {
        MetricGroup.KvCache => "KV cache",
        MetricGroup.Gpu => "GPU",
        _ => group.ToString(),
    };

    internal static string TypeName(MetricType type) => type.ToString().ToLowerInvariant();

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
