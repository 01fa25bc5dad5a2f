using InferScope.Simulation.Hardware;
using InferScope.Simulation.Performance;
using InferScope.Simulation.Traffic;

namespace InferScope.Simulation.Scenarios;

/// <summary>Checks a scenario before a fleet is built, and reports every problem at once.</summary>
public static class ScenarioValidator
{
    /// <exception cref="ScenarioException">The scenario has one or more problems; the message lists them.</exception>
    public static void Validate(ScenarioDefinition scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(scenario.Name))
        {
            errors.Add("name is missing; give the scenario a name");
        }

        if (!RootCauses.All.Contains(scenario.RootCause))
        {
            errors.Add($"root_cause \"{scenario.RootCause}\" is unknown; use one of {string.Join(", ", RootCauses.All)}");
        }

        CheckDuration(errors, "duration", scenario.Duration, mustBePositive: true);
        CheckDuration(errors, "scrape_interval", scenario.ScrapeInterval, mustBePositive: true);
        if (!string.IsNullOrEmpty(scenario.Start)
            && !DateTimeOffset.TryParse(scenario.Start, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _))
        {
            errors.Add($"start \"{scenario.Start}\" is not an ISO 8601 time such as 2026-01-05T00:00:00Z");
        }

        if (scenario.Endpoints.Count == 0)
        {
            errors.Add("endpoints is empty; declare at least one endpoint");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in scenario.Endpoints)
        {
            CheckEndpoint(errors, endpoint, names);
        }

        foreach (var traffic in scenario.Traffic)
        {
            var where = $"traffic for \"{traffic.Endpoint}\"";
            if (!names.Contains(traffic.Endpoint))
            {
                errors.Add($"{where}: no endpoint has that name");
            }

            if (traffic.RequestsPerSecond < 0 || traffic.DailyAmplitude is < 0 or > 1 || traffic.PrefixShare is < 0 or > 1)
            {
                errors.Add($"{where}: requests_per_second must be >= 0 and daily_amplitude and prefix_share in [0, 1]");
            }

            if (traffic.MaxTokens < 1)
            {
                errors.Add($"{where}: max_tokens must be at least 1");
            }

            CheckLength(errors, where + ", prompt_tokens", traffic.PromptTokens);
            CheckLength(errors, where + ", output_tokens", traffic.OutputTokens);
            foreach (var burst in traffic.Bursts)
            {
                CheckDuration(errors, where + ", burst at", burst.At, mustBePositive: false);
                CheckDuration(errors, where + ", burst duration", burst.Duration, mustBePositive: true);
            }
        }

        foreach (var fault in scenario.Faults)
        {
            CheckFault(errors, fault, scenario, names);
        }

        if (errors.Count > 0)
        {
            throw new ScenarioException($"Scenario \"{scenario.Name}\" is invalid:\n  - " + string.Join("\n  - ", errors));
        }
    }

    private static void CheckEndpoint(List<string> errors, EndpointDefinition endpoint, HashSet<string> names)
    {
        var where = $"endpoint \"{endpoint.Name}\"";
        if (string.IsNullOrWhiteSpace(endpoint.Name) || !names.Add(endpoint.Name))
        {
            errors.Add($"{where}: every endpoint needs a unique, non-empty name");
        }

        if (endpoint.MetricsPublishFrequencySeconds is { } frequency && !(frequency > 0))
        {
            errors.Add($"{where}: metrics_publish_frequency_seconds is {frequency}; use a number of seconds above 0, such as 60");
        }

        Try(errors, where, () => InstanceCatalog.Get(endpoint.InstanceType));
        Try(errors, where, () => ModelCatalog.Get(endpoint.Model));
        if (endpoint.Engine.ToLowerInvariant() is not ("vllm" or "sglang" or "tgi" or "djl" or "lmi"))
        {
            errors.Add($"{where}: engine \"{endpoint.Engine}\" is unknown; use vllm, sglang, tgi or djl");
        }

        if (endpoint.InstanceCount < 1 || endpoint.TensorParallel < 1 || endpoint.DataParallel < 1)
        {
            errors.Add($"{where}: instance_count, tensor_parallel and data_parallel must be at least 1");
        }

        if (endpoint.GpuMemoryUtilization is <= 0 or > 1)
        {
            errors.Add($"{where}: gpu_memory_utilization {endpoint.GpuMemoryUtilization} must be in (0, 1]");
        }

        foreach (var component in endpoint.Components)
        {
            if (string.IsNullOrWhiteSpace(component.Name) || component.Weight < 0 || component.Copies < 0)
            {
                errors.Add($"{where}: every component needs a name, copies >= 0 and weight >= 0");
            }

            if (component.Model is not null)
            {
                Try(errors, $"{where}, component \"{component.Name}\"", () => ModelCatalog.Get(component.Model));
            }
        }

        Try(errors, where, () =>
        {
            var type = InstanceCatalog.Get(endpoint.InstanceType);
            foreach (var model in endpoint.Components.Select(c => c.Model ?? endpoint.Model).DefaultIfEmpty(endpoint.Model).Distinct())
            {
                new PerformanceModel(ModelCatalog.Get(model), type.Gpu, endpoint.TensorParallel, EngineTuning.Vllm, endpoint.GpuMemoryUtilization)
                    .KvBlockCount(16);
            }
        });
    }

    private static void CheckFault(List<string> errors, FaultDefinition fault, ScenarioDefinition scenario, HashSet<string> names)
    {
        var where = $"fault {fault.Kind} at {fault.At}";
        if (!FaultKinds.All.Contains(fault.Kind))
        {
            errors.Add($"{where}: kind is unknown; use one of {string.Join(", ", FaultKinds.All)}");
            return;
        }

        CheckDuration(errors, where + ", at", fault.At, mustBePositive: false);
        if (!string.IsNullOrEmpty(fault.Duration))
        {
            CheckDuration(errors, where + ", duration", fault.Duration, mustBePositive: true);
        }

        if (fault.Endpoint is not null && !names.Contains(fault.Endpoint))
        {
            errors.Add($"{where}: endpoint \"{fault.Endpoint}\" does not exist");
        }

        if (fault.Kind == FaultKinds.AzNoTraffic && string.IsNullOrEmpty(fault.Az))
        {
            errors.Add($"{where}: az is missing; name the zone that gets no traffic, such as {scenario.Region}b");
        }

        if (fault.Kind is FaultKinds.XidError or FaultKinds.HealthCheckFailure or FaultKinds.ThermalThrottle && fault.Endpoint is null)
        {
            errors.Add($"{where}: endpoint is missing; name the endpoint whose instance fails");
        }

        if (fault.PromptTokens is not null)
        {
            CheckLength(errors, where + ", prompt_tokens", fault.PromptTokens);
        }

        if (fault.OutputTokens is not null)
        {
            CheckLength(errors, where + ", output_tokens", fault.OutputTokens);
        }
    }

    private static void CheckLength(List<string> errors, string where, LengthDefinition length)
    {
        if (LengthSampler.Validate(length) is { } problem)
        {
            errors.Add($"{where}: {problem}");
        }
    }

    private static void CheckDuration(List<string> errors, string field, string? text, bool mustBePositive)
    {
        try
        {
            var seconds = DurationText.ParseSeconds(text ?? string.Empty);
            if (mustBePositive && seconds <= 0)
            {
                errors.Add($"{field} \"{text}\" must be longer than zero");
            }
        }
        catch (FormatException error)
        {
            errors.Add($"{field}: {error.Message}");
        }
    }

    private static void Try(List<string> errors, string where, Action check)
    {
        try
        {
            check();
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            errors.Add($"{where}: {error.Message}");
        }
    }
}
