namespace InferScope.PromQL.Syntax;

/// <summary>Turns an offset in a query into the 1-based <c>line:column</c> that Prometheus prints.</summary>
internal static class PositionText
{
    public static string Of(string query, int position)
    {
        var line = 1;
        var column = 1;
        var end = Math.Clamp(position, 0, query.Length);
        for (var i = 0; i < end; i++)
        {
            if (query[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return $"{line}:{column}";
    }
}
