using InferScope.Model;
using InferScope.Model.Storage;
using Microsoft.AspNetCore.Http;

namespace InferScope.Server.Api;

/// <summary>The series, label names, label values and metadata endpoints.</summary>
public sealed partial class PrometheusApi
{
    private const string TruncatedWarning = "results truncated due to limit";

    private Task SeriesAsync(HttpContext context, ApiParameters parameters)
    {
        var selectors = ParseMatchParameters(parameters);
        if (selectors.Count == 0)
        {
            throw ApiError.BadData("no match[] parameter provided");
        }

        var startMs = parameters.GetTime("start", ApiParameters.MinTimeMs);
        var endMs = parameters.GetTime("end", ApiParameters.MaxTimeMs);
        var limit = parameters.GetLimit();
        var found = new SortedSet<Labels>(Comparer<Labels>.Create(Labels.Compare));
        using (var querier = components.Queryable.CreateQuerier(startMs, endMs))
        {
            foreach (var matchers in selectors)
            {
                foreach (var series in querier.Select(matchers, context.RequestAborted))
                {
                    found.Add(series.Labels);
                }
            }
        }

        var (result, warnings) = ApplyLimit(found.ToList(), limit);
        return ApiResponse.WriteSuccessAsync(
            context,
            writer =>
            {
                writer.WriteStartArray();
                foreach (var labels in result)
                {
                    PrometheusJson.WriteLabels(writer, labels);
                }

                writer.WriteEndArray();
            },
            warnings);
    }

    private Task LabelsAsync(HttpContext context, ApiParameters parameters)
    {
        var selectors = ParseMatchParameters(parameters);
        var startMs = parameters.GetTime("start", ApiParameters.MinTimeMs);
        var endMs = parameters.GetTime("end", ApiParameters.MaxTimeMs);
        var limit = parameters.GetLimit();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        using (var querier = components.Queryable.CreateQuerier(startMs, endMs))
        {
            if (selectors.Count == 0)
            {
                names.UnionWith(querier.LabelNames([], context.RequestAborted));
            }

            foreach (var matchers in selectors)
            {
                names.UnionWith(querier.LabelNames(matchers, context.RequestAborted));
            }
        }

        var (result, warnings) = ApplyLimit(names.ToList(), limit);
        return ApiResponse.WriteSuccessAsync(context, writer => WriteStrings(writer, result), warnings);
    }

    private Task LabelValuesAsync(HttpContext context, ApiParameters parameters)
    {
        var name = context.Request.RouteValues["name"] as string ?? string.Empty;
        if (!LabelText.IsLegacyLabelName(name))
        {
            throw ApiError.BadData($"invalid label name: \"{name}\"");
        }

        var selectors = ParseMatchParameters(parameters);
        var startMs = parameters.GetTime("start", ApiParameters.MinTimeMs);
        var endMs = parameters.GetTime("end", ApiParameters.MaxTimeMs);
        var limit = parameters.GetLimit();
        var values = new SortedSet<string>(StringComparer.Ordinal);
        using (var querier = components.Queryable.CreateQuerier(startMs, endMs))
        {
            if (selectors.Count == 0)
            {
                values.UnionWith(querier.LabelValues(name, [], context.RequestAborted));
            }

            foreach (var matchers in selectors)
            {
                values.UnionWith(querier.LabelValues(name, matchers, context.RequestAborted));
            }
        }

        var (result, warnings) = ApplyLimit(values.ToList(), limit);
        return ApiResponse.WriteSuccessAsync(context, writer => WriteStrings(writer, result), warnings);
    }

    private Task MetadataAsync(HttpContext context, ApiParameters parameters)
    {
        var limit = ParseOptionalCount(parameters, "limit");
        var limitPerMetric = ParseOptionalCount(parameters, "limit_per_metric");
        var metric = parameters.Get("metric");
        var families = components.Metadata.Snapshot()
            .Where(f => string.IsNullOrEmpty(metric) || f.Key == metric)
            .ToList();
        if (limit >= 0)
        {
            families = families.Take(limit).ToList();
        }

        return ApiResponse.WriteSuccessAsync(context, writer =>
        {
            writer.WriteStartObject();
            foreach (var (name, entries) in families)
            {
                writer.WriteStartArray(name);
                var shown = limitPerMetric >= 0 ? entries.Take(limitPerMetric) : entries;
                foreach (var entry in shown)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, MetricTypeName(entry.Type));
                    writer.WriteString("help"u8, entry.Help);
                    writer.WriteString("unit"u8, entry.Unit);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>Parses every <c>match[]</c>; each needs a matcher that rejects the empty string.</summary>
    private static List<IReadOnlyList<Matcher>> ParseMatchParameters(ApiParameters parameters)
    {
        var result = new List<IReadOnlyList<Matcher>>();
        foreach (var text in parameters.GetAll("match[]"))
        {
            IReadOnlyList<Matcher> matchers;
            try
            {
                matchers = SeriesSelectorParser.Parse(text);
            }
            catch (FormatException e)
            {
                throw ApiError.InvalidParameter("match[]", e.Message);
            }

            if (matchers.All(m => m.MatchesEmpty))
            {
                throw ApiError.InvalidParameter("match[]", "match[] must contain at least one non-empty matcher");
            }

            result.Add(matchers);
        }

        return result;
    }

    private static int ParseOptionalCount(ApiParameters parameters, string name)
    {
        var text = parameters.Get(name);
        if (string.IsNullOrEmpty(text))
        {
            return -1;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var count))
        {
            throw ApiError.InvalidParameter(name, $"cannot parse \"{text}\" as a whole number");
        }

        // Prometheus treats 0 and negative limits on metadata as "no limit".
        return count <= 0 ? -1 : count;
    }

    private static (List<T> Items, IReadOnlyList<string>? Warnings) ApplyLimit<T>(List<T> items, int limit)
    {
        if (limit > 0 && items.Count > limit)
        {
            return (items.GetRange(0, limit), [TruncatedWarning]);
        }

        return (items, null);
    }

    private static void WriteStrings(System.Text.Json.Utf8JsonWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string MetricTypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        MetricType.GaugeHistogram => "gaugehistogram",
        MetricType.Summary => "summary",
        MetricType.Info => "info",
        MetricType.StateSet => "stateset",
        _ => "unknown",
    };
}
