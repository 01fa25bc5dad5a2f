using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InferScope.Server.Configuration;

/// <summary>
/// Reads the fields of one YAML mapping, records an error with the field path and position for each
/// bad value, and reports every key that was never read as an unknown field.
/// </summary>
internal sealed class YamlMappingReader
{
    private readonly YamlMappingNode node;
    private readonly ConfigErrorList errors;
    private readonly HashSet<string> knownKeys = new(StringComparer.Ordinal);

    public YamlMappingReader(YamlMappingNode node, string path, ConfigErrorList errors)
    {
        this.node = node;
        this.errors = errors;
        Path = path;
    }

    /// <summary>The field path of the mapping itself; empty for the document root.</summary>
    public string Path { get; }

    public YamlNode Node => node;

    public string FieldPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Returns the value node of a key, or null when the key is absent or its value is null.</summary>
    public YamlNode? Get(string key)
    {
        knownKeys.Add(key);
        foreach (var (keyNode, valueNode) in node.Children)
        {
            if (keyNode is YamlScalarNode scalar && scalar.Value == key)
            {
                return IsNull(valueNode) ? null : valueNode;
            }
        }

        return null;
    }

    public string? String(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalarNode scalar)
        {
            errors.Add(FieldPath(key), value, "expected a string, not a list or a mapping");
            return null;
        }

        return scalar.Value;
    }

    public string RequiredString(string key, string example)
    {
        var value = String(key);
        if (string.IsNullOrEmpty(value))
        {
            if (Get(key) is null)
            {
                errors.Add(FieldPath(key), node, $"missing required field; add it, for example \"{key}: {example}\"");
            }

            return string.Empty;
        }

        return value;
    }

    public bool? Bool(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        var text = (value as YamlScalarNode)?.Value;
        switch (text)
        {
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                errors.Add(FieldPath(key), value, $"invalid boolean \"{text}\"; use true or false");
                return null;
        }
    }

    public int? Int(string key, int min, int max)
    {
        var number = Long(key, min, max);
        return number is null ? null : (int)number.Value;
    }

    /// <summary>
    /// Reads a whole number from <paramref name="min"/> to <paramref name="max"/>. When the maximum is
    /// <see cref="int.MaxValue"/> or <see cref="long.MaxValue"/>, messages ask only for the minimum.
    /// </summary>
    public long? Long(string key, long min, long max)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        var text = (value as YamlScalarNode)?.Value;
        var allowed = max is int.MaxValue or long.MaxValue
            ? $"use a whole number of at least {min}"
            : $"use a whole number from {min} to {max}";
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            errors.Add(FieldPath(key), value, $"invalid whole number \"{text}\"; {allowed}");
            return null;
        }

        if (number < min)
        {
            errors.Add(FieldPath(key), value, $"{number} is out of range; {allowed}");
            return null;
        }

        if (number > max)
        {
            errors.Add(FieldPath(key), value, $"{number} is out of range; use a whole number from {min} to {max}");
            return null;
        }

        return number;
    }

    public double? Double(string key, double min, double max)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        var text = (value as YamlScalarNode)?.Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            errors.Add(FieldPath(key), value, $"invalid number \"{text}\"; use a decimal number such as 0.25");
            return null;
        }

        if (number < min || number > max)
        {
            errors.Add(FieldPath(key), value, $"{text} is out of range; use a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return number;
    }

    public TimeSpan? Duration(string key, TimeSpan min)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        var text = (value as YamlScalarNode)?.Value ?? string.Empty;
        if (!PrometheusDuration.TryParse(text, out var duration))
        {
            errors.Add(FieldPath(key), value, $"invalid duration \"{text}\"; use a number with a unit such as 30s, 5m, 2h or 15d");
            return null;
        }

        if (duration < min)
        {
            errors.Add(FieldPath(key), value, $"duration {text} is too short; use at least {PrometheusDuration.Format(min)}");
            return null;
        }

        return duration;
    }

    public Uri? Url(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(FieldPath(key), Get(key)!, $"invalid URL \"{text}\"; use an absolute http:// or https:// URL");
            return null;
        }

        return uri;
    }

    public YamlMappingReader? Mapping(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlMappingNode mapping)
        {
            errors.Add(FieldPath(key), value, "expected a mapping of fields (key: value lines indented below it)");
            return null;
        }

        return new YamlMappingReader(mapping, FieldPath(key), errors);
    }

    public IReadOnlyList<YamlNode> Sequence(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            errors.Add(FieldPath(key), value, "expected a list (lines starting with \"- \")");
            return [];
        }

        return sequence.Children.ToList();
    }

    public IReadOnlyList<string> StringList(string key)
    {
        var result = new List<string>();
        var items = Sequence(key);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is YamlScalarNode { Value: { Length: > 0 } text })
            {
                result.Add(text);
            }
            else
            {
                errors.Add($"{FieldPath(key)}[{i}]", items[i], "expected a non-empty string");
            }
        }

        return result;
    }

    /// <summary>Reads a mapping of label names to string values, checking the names.</summary>
    public IReadOnlyDictionary<string, string> LabelMap(string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var mapping = Mapping(key);
        if (mapping is null)
        {
            return result;
        }

        foreach (var (nameNode, valueNode) in mapping.node.Children)
        {
            var name = (nameNode as YamlScalarNode)?.Value ?? string.Empty;
            mapping.knownKeys.Add(name);
            if (!Model.LabelText.IsLegacyLabelName(name) || name.StartsWith("__", StringComparison.Ordinal))
            {
                errors.Add(mapping.FieldPath(name), nameNode, $"invalid label name \"{name}\"; use letters, digits and underscores, not starting with a digit or \"__\"");
                continue;
            }

            if (valueNode is not YamlScalarNode { Value: not null } scalar)
            {
                errors.Add(mapping.FieldPath(name), valueNode, "expected a string label value");
                continue;
            }

            result[name] = scalar.Value;
        }

        return result;
    }

    /// <summary>Records an error for every key no reader asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var keyNode in node.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? keyNode.ToString();
            if (!knownKeys.Contains(key))
            {
                var valid = string.Join(", ", knownKeys.Order(StringComparer.Ordinal));
                errors.Add(FieldPath(key), keyNode, $"unknown field \"{key}\"; valid fields here are: {valid}");
            }
        }
    }

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
