using InferScope.Server.Configuration;

namespace InferScope.Server.Hosting;

/// <summary>
/// A component that follows the configuration, such as the scrape manager or the rule evaluator. It
/// gets the first configuration at start and each valid new one on reload, without a restart.
/// </summary>
public interface IConfigSubscriber
{
    /// <summary>
    /// Checks everything about a configuration that could make <see cref="ApplyAsync"/> fail, such as
    /// files it names, before any subscriber applies it. Throwing <see cref="ConfigException"/>
    /// rejects the configuration, so a reload changes nothing.
    /// </summary>
    Task ValidateAsync(InferScopeConfig config, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies a configuration; throwing marks the reload as failed and is logged.</summary>
    Task ApplyAsync(InferScopeConfig config, CancellationToken cancellationToken);
}
