using System.Globalization;
using InferScope.Engines;
using InferScope.Ingestion.Pipeline;

namespace InferScope.Ingestion.Scraping;

/// <summary>
/// Checks scrape endpoints before they are applied. Each error names the field by its YAML path
/// (<c>endpoints[0].metrics_publish_frequency_seconds</c>), the bad value and the accepted values.
/// </summary>
public static class ScrapeEndpointValidator
{
    /// <summary>Returns every error found; an empty list means the endpoints can be applied.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<ScrapeEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"endpoints[{i}]");
            var endpoint = endpoints[i];
            if (string.IsNullOrWhiteSpace(endpoint.Name))
            {
                errors.Add($"{path}.name is missing; give each endpoint a unique name.");
            }
            else if (!names.Add(endpoint.Name))
            {
                errors.Add($"{path}.name \"{endpoint.Name}\" is used by an earlier endpoint; names must be unique.");
            }

            ValidateEndpointFields(endpoint, path, errors);
            ValidateInstances(endpoint, path, errors);
        }

        return errors;
    }

    private static void ValidateEndpointFields(ScrapeEndpoint endpoint, string path, List<string> errors)
    {
        if (endpoint.MetricsPublishFrequencySeconds is < ScrapeEndpoint.MinPublishFrequencySeconds
            or > ScrapeEndpoint.MaxPublishFrequencySeconds)
        {
            errors.Add(
                $"{path}.metrics_publish_frequency_seconds is {endpoint.MetricsPublishFrequencySeconds}; " +
                $"use a whole number from {ScrapeEndpoint.MinPublishFrequencySeconds} to {ScrapeEndpoint.MaxPublishFrequencySeconds}.");
        }

        if (endpoint.ScrapeTimeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > endpoint.Interval))
        {
            errors.Add(
                $"{path}.scrape_timeout is {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s; " +
                $"it must be positive and at most the publish frequency of {endpoint.MetricsPublishFrequencySeconds}s.");
        }

        if (string.IsNullOrEmpty(endpoint.MetricsPath) || endpoint.MetricsPath[0] != '/')
        {
            errors.Add($"{path}.metrics_path \"{endpoint.MetricsPath}\" must start with '/'.");
        }

        if (endpoint.Scheme is not ("http" or "https"))
        {
            errors.Add($"{path}.scheme \"{endpoint.Scheme}\" is not supported; use http or https.");
        }

        if (endpoint.BodySizeLimitBytes < 0)
        {
            errors.Add($"{path}.body_size_limit is {endpoint.BodySizeLimitBytes}; use 0 for no limit or a positive size.");
        }

        if (endpoint.SampleLimit < 0)
        {
            errors.Add($"{path}.sample_limit is {endpoint.SampleLimit}; use 0 for no limit or a positive count.");
        }

        if (endpoint.FileSdFiles.Count > 0 && endpoint.FileSdRefreshInterval <= TimeSpan.Zero)
        {
            errors.Add($"{path}.file_sd_configs.refresh_interval must be positive.");
        }

        for (var f = 0; f < endpoint.FileSdFiles.Count; f++)
        {
            var file = endpoint.FileSdFiles[f];
            if (string.IsNullOrWhiteSpace(file) || Path.GetDirectoryName(file)?.Contains('*', StringComparison.Ordinal) == true)
            {
                errors.Add($"{path}.file_sd_configs.files[{f}] \"{file}\" is invalid; '*' is allowed only in the file name.");
            }
        }
    }

    private static void ValidateInstances(ScrapeEndpoint endpoint, string path, List<string> errors)
    {
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < endpoint.Instances.Count; j++)
        {
            var instance = endpoint.Instances[j];
            var instancePath = string.Create(CultureInfo.InvariantCulture, $"{path}.instances[{j}]");
            foreach (var error in ValidateInstance(instance))
            {
                errors.Add($"{instancePath}.{error}");
            }

            var metricsPath = instance.MetricsPath ?? endpoint.MetricsPath;
            if (!string.IsNullOrEmpty(instance.Address) && !addresses.Add(instance.Address + metricsPath))
            {
                errors.Add($"{instancePath}.address \"{instance.Address}\" with path \"{metricsPath}\" is listed twice in this endpoint.");
            }
        }
    }

    /// <summary>Returns the errors of one instance, each starting with the field name.</summary>
    internal static IEnumerable<string> ValidateInstance(ScrapeInstance instance)
    {
        if (!IsValidAddress(instance.Address))
        {
            yield return $"address \"{instance.Address}\" is invalid; use host:port, such as 10.0.0.5:8000.";
        }

        if (instance.MetricsPath is { } metricsPath && (metricsPath.Length == 0 || metricsPath[0] != '/'))
        {
            yield return $"metrics_path \"{metricsPath}\" must start with '/'.";
        }

        if (!string.IsNullOrEmpty(instance.Engine) && !EngineKindNames.TryParse(instance.Engine, out _))
        {
            yield return $"engine \"{instance.Engine}\" is unknown; use one of {string.Join(", ", EngineKindNames.All.Select(k => k.ToLabelValue()))}, or leave it out to detect the engine.";
        }

        foreach (var name in instance.ExtraLabels.Keys)
        {
            if (!PrometheusNames.IsValidLabelName(name) || name.StartsWith("__", StringComparison.Ordinal))
            {
                yield return $"labels.{name} is not a valid label name; use letters, digits and '_', not starting with a digit or \"__\".";
            }
        }
    }

    private static bool IsValidAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        return colon > 0
            && int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and < 65536;
    }
}
