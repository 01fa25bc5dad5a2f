using InferScope.PromQL.Syntax;

namespace InferScope.PromQL.Engine;

/// <summary>The warnings and infos of one query, each once, formatted as the HTTP API returns them.</summary>
internal sealed class Annotations(string query)
{
    private readonly List<string> warnings = [];
    private readonly List<string> infos = [];
    private readonly HashSet<string> seen = [];

    public IReadOnlyList<string> Warnings => warnings;

    public IReadOnlyList<string> Infos => infos;

    public void Warn(string message, int position) => Add(warnings, $"PromQL warning: {message} ({PositionText.Of(query, position)})");

    public void Info(string message, int position) => Add(infos, $"PromQL info: {message} ({PositionText.Of(query, position)})");

    private void Add(List<string> list, string text)
    {
        if (seen.Add(text))
        {
            list.Add(text);
        }
    }
}
