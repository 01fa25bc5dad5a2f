using YamlDotNet.RepresentationModel;

namespace InferScope.Server.Configuration;

/// <summary>The errors collected while binding one configuration document.</summary>
internal sealed class ConfigErrorList : List<ConfigError>
{
    public void Add(string field, YamlNode at, string message) =>
        Add(new ConfigError(field, (int)at.Start.Line, (int)at.Start.Column, message));
}
