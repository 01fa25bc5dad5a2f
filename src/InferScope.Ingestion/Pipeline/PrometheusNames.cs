namespace InferScope.Ingestion.Pipeline;

/// <summary>Prometheus's rules for metric and label names (the classic, pre-UTF-8 character sets).</summary>
public static class PrometheusNames
{
    /// <summary>Returns whether a name matches <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(ReadOnlySpan<char> name) => IsValid(name, allowColon: true);

    /// <summary>Returns whether a name matches <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(ReadOnlySpan<char> name) => IsValid(name, allowColon: false);

    private static bool IsValid(ReadOnlySpan<char> name, bool allowColon)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_'
                || (allowColon && c == ':')
                || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
