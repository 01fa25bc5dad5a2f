using InferScope.Server.Configuration;

namespace InferScope.Server.Hosting;

/// <summary>
/// A component that follows the configuration, such as the scrape manager or the rule evaluator. It
/// gets the first configuration at start and each valid new one on reload, without a restart.
/// </summary>
public interface IConfigSubscriber
{
    /// <summary>Applies a configuration; throwing marks the reload as failed and is logged.</summary>
    Task ApplyAsync(InferScopeConfig config, CancellationToken cancellationToken);
}
