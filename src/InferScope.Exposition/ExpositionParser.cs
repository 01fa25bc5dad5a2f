using InferScope.Model;

namespace InferScope.Exposition;

/// <summary>
/// Parses a whole exposition payload into families. For appending samples without building the
/// object model, use <see cref="ExpositionReader"/> directly.
/// </summary>
public static class ExpositionParser
{
    /// <summary>
    /// Parses <paramref name="utf8"/> in the format that <paramref name="contentType"/> selects (see
    /// <see cref="ExpositionContentType.Resolve"/>).
    /// </summary>
    /// <exception cref="ExpositionParseException">The payload is malformed; the message names the line and column.</exception>
    public static ScrapePayload Parse(ReadOnlySpan<byte> utf8, string? contentType) =>
        Parse(utf8, ExpositionContentType.Resolve(contentType));

    /// <summary>Parses <paramref name="utf8"/> in the given format.</summary>
    /// <param name="utf8">The payload.</param>
    /// <param name="format">The format to read it as.</param>
    /// <param name="pool">Interns label strings across calls; null uses a pool for this call only.</param>
    /// <exception cref="ExpositionParseException">The payload is malformed; the message names the line and column.</exception>
    public static ScrapePayload Parse(ReadOnlySpan<byte> utf8, ExpositionFormat format, LabelStringPool? pool = null)
    {
        pool ??= new LabelStringPool();
        var reader = new ExpositionReader(utf8, format);
        var families = new List<MetricFamily>();
        var byName = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        MetricFamily? current = null;
        string? currentKey = null;

        while (true)
        {
            var entry = reader.Next();
            if (entry == ExpositionEntry.EndOfInput)
            {
                break;
            }

            if (entry == ExpositionEntry.Sample)
            {
                var key = pool.Get(reader.FamilyName);
                var family = ReferenceEquals(key, currentKey) ? current! : FamilyFor(key, reader.FamilyType, format, families, byName);
                (current, currentKey) = (family, key);
                family.Points.Add(new MetricPoint(
                    reader.BuildLabels(pool),
                    reader.Value,
                    reader.HasTimestamp ? reader.TimestampMs : null,
                    reader.BuildExemplar(pool)));
                continue;
            }

            var declared = pool.Get(reader.MetricName);
            var target = FamilyFor(declared, MetricType.Unknown, format, families, byName);
            (current, currentKey) = (target, declared);
            switch (entry)
            {
                case ExpositionEntry.Help:
                    target.Help = reader.GetHelp();
                    break;
                case ExpositionEntry.Type:
                    current = SetType(target, declared, reader.MetadataType, format, reader.LineNumber, families, byName);
                    break;
                case ExpositionEntry.Unit:
                    target.Unit = pool.Get(reader.Unit);
                    break;
            }
        }

        return new ScrapePayload(format, families);
    }

    private static MetricFamily FamilyFor(
        string declaredName,
        MetricType type,
        ExpositionFormat format,
        List<MetricFamily> families,
        Dictionary<string, MetricFamily> byName)
    {
        // The reader rejects a repeated OpenMetrics family, so only a 0.0.4 family can come back
        // after other families. Its later points join the family seen first.
        if (byName.TryGetValue(declaredName, out var family))
        {
            return family;
        }

        family = new MetricFamily(FamilyNameOf(declaredName, type, format), type);
        families.Add(family);
        byName.Add(declaredName, family);
        return family;
    }

    private static MetricFamily SetType(
        MetricFamily family,
        string declaredName,
        MetricType type,
        ExpositionFormat format,
        int line,
        List<MetricFamily> families,
        Dictionary<string, MetricFamily> byName)
    {
        if (format == ExpositionFormat.PrometheusText && family.Type != MetricType.Unknown && family.Type != type)
        {
            throw new ExpositionParseException(
                $"Invalid exposition at line {line}: family \"{family.Name}\" is declared as {family.Type} and again as {type}; give it one TYPE line.");
        }

        family.Type = type;
        var name = FamilyNameOf(declaredName, type, format);
        if (name == family.Name)
        {
            return family;
        }

        // A 0.0.4 counter declared as foo_total after its HELP line is renamed to foo.
        var renamed = new MetricFamily(name, type, family.Help, family.Unit);
        renamed.Points.AddRange(family.Points);
        families[families.IndexOf(family)] = renamed;
        byName[declaredName] = renamed;
        return renamed;
    }

    /// <summary>
    /// Returns the family name without the <c>_total</c> that 0.0.4 counters carry in their TYPE line,
    /// so that a counter has the same family name in both formats.
    /// </summary>
    private static string FamilyNameOf(string declaredName, MetricType type, ExpositionFormat format) =>
        format == ExpositionFormat.PrometheusText && type == MetricType.Counter && declaredName.EndsWith("_total", StringComparison.Ordinal)
            ? declaredName[..^"_total".Length]
            : declaredName;
}
