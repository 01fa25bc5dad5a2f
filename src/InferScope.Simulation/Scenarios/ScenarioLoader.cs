using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace InferScope.Simulation.Scenarios;

/// <summary>Reads scenario YAML (snake_case keys) and checks it.</summary>
public static class ScenarioLoader
{
    private static readonly IDeserializer deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Parses and validates scenario YAML; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ScenarioException">The YAML is malformed, has an unknown key, or the scenario is invalid.</exception>
    public static ScenarioDefinition Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ScenarioDefinition? scenario;
        try
        {
            scenario = deserializer.Deserialize<ScenarioDefinition>(yaml);
        }
        catch (YamlException error)
        {
            throw new ScenarioException(
                $"{source}: invalid scenario YAML at line {error.Start.Line}, column {error.Start.Column}: {error.InnerException?.Message ?? error.Message}",
                error);
        }

        if (scenario is null)
        {
            throw new ScenarioException($"{source}: the file is empty; see docs/scenarios.md for the format.");
        }

        try
        {
            ScenarioValidator.Validate(scenario);
        }
        catch (ScenarioException error)
        {
            throw new ScenarioException($"{source}: {error.Message}", error);
        }

        return scenario;
    }

    /// <summary>Loads a scenario from a file path, or by name from the scenarios directory.</summary>
    /// <exception cref="ScenarioException">The file is missing or invalid.</exception>
    public static ScenarioDefinition Load(string pathOrName, string? scenariosDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(pathOrName);
        var path = ResolvePath(pathOrName, scenariosDirectory);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Returns the file a path or scenario name refers to.</summary>
    /// <exception cref="ScenarioException">No such file exists.</exception>
    public static string ResolvePath(string pathOrName, string? scenariosDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(pathOrName);
        if (File.Exists(pathOrName))
        {
            return pathOrName;
        }

        var directory = scenariosDirectory ?? FindScenariosDirectory();
        if (directory is not null)
        {
            foreach (var candidate in (ReadOnlySpan<string>)[pathOrName, pathOrName + ".yaml", pathOrName + ".yml"])
            {
                var path = Path.Combine(directory, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        var available = directory is null
            ? string.Empty
            : " Available: " + string.Join(", ", Directory.GetFiles(directory, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)) + ".";
        throw new ScenarioException($"Scenario \"{pathOrName}\" not found: give a YAML file path or the name of a file in scenarios/.{available}");
    }

    /// <summary>Finds scenarios/ next to the executable, or above the current directory (a source checkout).</summary>
    public static string? FindScenariosDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("INFERSCOPE_SCENARIOS_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        foreach (var start in (ReadOnlySpan<string>)[AppContext.BaseDirectory, Directory.GetCurrentDirectory()])
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "scenarios");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.yaml").Any())
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
