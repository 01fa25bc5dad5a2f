using System.Text;
using InferScope.Model;
using InferScope.Server.Api;
using InferScope.Server.Hosting;
using InferScope.Server.Telemetry;
using Microsoft.AspNetCore.Http;

namespace InferScope.Server.Federation;

/// <summary>
/// <c>/federate</c>: the newest sample of every series the <c>match[]</c> selectors pick, within the
/// 5-minute lookback, in the text format with the samples' own timestamps, so another Prometheus can
/// scrape this server. External labels are added to series that lack them; stale series are left out.
/// </summary>
public sealed class FederationEndpoint
{
    private static readonly TimeSpan LookbackDelta = TimeSpan.FromMinutes(5);

    private readonly ServerComponents components;
    private readonly ConfigManager config;
    private readonly TimeProvider clock;

    public FederationEndpoint(ServerComponents components, ConfigManager config, TimeProvider? clock = null)
    {
        this.components = components ?? throw new ArgumentNullException(nameof(components));
        this.config = config ?? throw new ArgumentNullException(nameof(config));
        this.clock = clock ?? TimeProvider.System;
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var selectors = new List<IReadOnlyList<Matcher>>();
        foreach (var text in context.Request.Query["match[]"])
        {
            try
            {
                selectors.Add(SeriesSelectorParser.Parse(text ?? string.Empty));
            }
            catch (FormatException e)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"invalid parameter \"match[]\": {e.Message}\n", context.RequestAborted);
                return;
            }
        }

        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var external = config.Current.Global.ExternalLabels;
        var latest = new SortedDictionary<Labels, (long TimestampMs, double Value)>(Comparer<Labels>.Create(Labels.Compare));
        var seen = new HashSet<Labels>();
        using (var querier = components.Queryable.CreateQuerier(nowMs - (long)LookbackDelta.TotalMilliseconds, nowMs))
        {
            foreach (var matchers in selectors)
            {
                foreach (var series in querier.Select(matchers, context.RequestAborted))
                {
                    if (!seen.Add(series.Labels) || !TryReadLast(series.CreateIterator(), nowMs, out var sample))
                    {
                        continue;
                    }

                    latest[WithExternalLabels(series.Labels, external)] = sample;
                }
            }
        }

        var writer = new MetricsTextWriter();
        string? family = null;
        foreach (var (labels, (timestampMs, value)) in latest.OrderBy(p => p.Key.MetricName, StringComparer.Ordinal))
        {
            if (labels.MetricName != family)
            {
                family = labels.MetricName;
                writer.WriteType(family, "untyped");
            }

            writer.WriteSeriesSample(labels, value, timestampMs);
        }

        context.Response.ContentType = MetricsTextWriter.ContentType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(writer.ToString()), context.RequestAborted);
    }

    private static bool TryReadLast(Model.Storage.ISampleIterator iterator, long nowMs, out (long, double) sample)
    {
        sample = default;
        var found = false;
        while (iterator.MoveNext() && iterator.Timestamp <= nowMs)
        {
            sample = (iterator.Timestamp, iterator.Value);
            found = true;
        }

        return found && !StaleMarker.IsStale(sample.Item2);
    }

    private static Labels WithExternalLabels(Labels labels, Labels external)
    {
        if (external.Count == 0)
        {
            return labels;
        }

        var builder = labels.ToBuilder();
        foreach (var label in external)
        {
            if (!labels.Has(label.Name))
            {
                builder.Set(label.Name, label.Value);
            }
        }

        return builder.Build();
    }
}
