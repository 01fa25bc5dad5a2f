using System.IO.Hashing;
using System.Text;
using InferScope.Model;

namespace InferScope.Exposition;

/// <summary>
/// Enforces the OpenMetrics 1.0 rules that span lines: which family a sample belongs to, metadata
/// placement, unique and contiguous families and label groups, value ranges per type, histogram
/// consistency, timestamp order and where exemplars may appear. It keeps its sets between payloads
/// (cleared, not reallocated) so that a reused reader allocates only for new family names.
/// </summary>
internal sealed partial class OpenMetricsValidator
{
    private const int MaxExemplarRunes = 128;

    private static string[] CounterSuffixes { get; } = ["_total", "_created"];
    private static string[] HistogramSuffixes { get; } = ["_bucket", "_count", "_sum", "_created"];
    private static string[] GaugeHistogramSuffixes { get; } = ["_bucket", "_gcount", "_gsum"];
    private static string[] SummarySuffixes { get; } = ["_count", "_sum", "_created"];
    private static string[] InfoSuffixes { get; } = ["_info"];

    private readonly Utf8NameTable<bool> familyNames;
    private readonly Utf8NameTable<bool> claimedNames;
    private readonly HashSet<ulong> closedGroups = [];
    private byte[] nameBuffer = new byte[128];

    private byte[]? family;
    private MetricType type;
    private MetadataKind seenMetadata;
    private bool hasUnit;
    private bool hasSamples;

    private bool inGroup;
    private ulong groupKey;
    private bool groupHasTimestamp;
    private double groupTimestamp;
    private int groupLastLine;
    private int groupLastLineStart;
    private PointState point;

    public OpenMetricsValidator(int maxRememberedNames)
    {
        familyNames = new Utf8NameTable<bool>(maxRememberedNames);
        claimedNames = new Utf8NameTable<bool>(maxRememberedNames);
    }

    /// <summary>The name of the current family.</summary>
    public byte[] FamilyName => family ?? [];

    /// <summary>The type of the current family.</summary>
    public MetricType FamilyType => type;

    /// <summary>The line of the last sample of the current label group, for errors found when the group ends.</summary>
    public int GroupLastLine => groupLastLine;

    /// <summary>The input offset where <see cref="GroupLastLine"/> starts.</summary>
    public int GroupLastLineStart => groupLastLineStart;

    public void Reset()
    {
        familyNames.NextGeneration();
        claimedNames.NextGeneration();
        closedGroups.Clear();
        family = null;
        type = MetricType.Unknown;
        seenMetadata = MetadataKind.None;
        hasUnit = false;
        hasSamples = false;
        inGroup = false;
        point = default;
    }

    /// <summary>Checks a HELP, TYPE or UNIT line for <paramref name="name"/>.</summary>
    public ValidationError CheckMetadata(MetadataKind kind, ReadOnlySpan<byte> name, MetricType metricType, ReadOnlySpan<byte> unit)
    {
        if (family is null || !name.SequenceEqual(family))
        {
            var started = StartFamily(name, ErrorSite.Name);
            if (started.IsError)
            {
                return started;
            }
        }
        else if (hasSamples)
        {
            return new ValidationError(
                ErrorSite.Name,
                $"{KindWord(kind)} for family \"{Text(name)}\" before its first sample, because OpenMetrics allows metadata only at the start of a family",
                $"{KindWord(kind)} after the family's samples");
        }
        else if ((seenMetadata & kind) != 0)
        {
            return new ValidationError(
                ErrorSite.Name,
                $"at most one {KindWord(kind)} line per family",
                $"a second {KindWord(kind)} line for \"{Text(name)}\"");
        }

        seenMetadata |= kind;
        return kind switch
        {
            MetadataKind.Type => SetType(metricType),
            MetadataKind.Unit => SetUnit(name, unit),
            _ => ValidationError.None,
        };
    }

    /// <summary>
    /// Checks a sample line and assigns it to a family, starting a new family when its name belongs
    /// to none. Afterwards <see cref="FamilyName"/> and <see cref="FamilyType"/> describe its family.
    /// </summary>
    public ValidationError CheckSample(in SampleFacts sample, out SampleRole role)
    {
        if (!TryMatchFamily(sample.Name, out role))
        {
            if (family is not null && sample.Name.SequenceEqual(family))
            {
                return new ValidationError(
                    ErrorSite.Name,
                    $"a sample name of {Describe(type)} family, one of {string.Join(", ", SuffixesOf(type).Select(suffix => Text(family) + suffix))}",
                    $"\"{Text(sample.Name)}\"");
            }

            var started = StartFamily(sample.Name, ErrorSite.Name);
            if (started.IsError)
            {
                return started;
            }

            role = SampleRole.Value;
        }

        hasSamples = true;
        var error = CheckGrouping(sample, role);
        if (error.IsError)
        {
            return error;
        }

        error = CheckExemplar(sample, role);
        if (error.IsError)
        {
            return error;
        }

        error = CheckTypeRules(sample, role);
        groupLastLine = sample.LineNumber;
        groupLastLineStart = sample.LineStart;
        return error;
    }

    /// <summary>Runs the checks due at the end of the payload.</summary>
    public ValidationError Finish() => FinishGroup();

    private ValidationError StartFamily(ReadOnlySpan<byte> name, ErrorSite site)
    {
        var finished = FinishGroup();
        if (finished.IsError)
        {
            return finished;
        }

        if (familyNames.Contains(name))
        {
            return new ValidationError(
                site,
                $"all lines of family \"{Text(name)}\" together, because OpenMetrics forbids repeating or interleaving a family",
                $"family \"{Text(name)}\" again after other families");
        }

        if (claimedNames.Contains(name))
        {
            return new ValidationError(
                site,
                $"a name that no earlier family uses for its samples, or the samples of that family kept together",
                $"\"{Text(name)}\", which is a sample name of an earlier family");
        }

        family = familyNames.Set(name, true);
        claimedNames.Set(name, true);
        type = MetricType.Unknown;
        seenMetadata = MetadataKind.None;
        hasUnit = false;
        hasSamples = false;
        closedGroups.Clear();
        return ValidationError.None;
    }

    private ValidationError SetType(MetricType metricType)
    {
        type = metricType;
        if (hasUnit && metricType is MetricType.Info or MetricType.StateSet)
        {
            return new ValidationError(ErrorSite.Name, "no UNIT line for an info or stateset family", $"a UNIT line before TYPE {TypeWord(metricType)}");
        }

        var name = family!;
        foreach (var suffix in SuffixesOf(metricType))
        {
            var claimed = Concat(name, suffix);
            if (claimedNames.Contains(claimed))
            {
                return new ValidationError(
                    ErrorSite.Name,
                    $"no other family named \"{Text(claimed)}\", because {TypeWord(metricType)} family \"{Text(name)}\" writes samples by that name",
                    $"an earlier family or sample \"{Text(claimed)}\"");
            }

            claimedNames.Set(claimed, true);
        }

        return ValidationError.None;
    }

    private ValidationError SetUnit(ReadOnlySpan<byte> name, ReadOnlySpan<byte> unit)
    {
        hasUnit = true;
        if (type is MetricType.Info or MetricType.StateSet)
        {
            return new ValidationError(ErrorSite.Name, "no UNIT line for an info or stateset family", $"UNIT on {Describe(type)} family");
        }

        if (unit.IsEmpty)
        {
            return ValidationError.None;
        }

        if (name.Length <= unit.Length || !name.EndsWith(unit) || name[name.Length - unit.Length - 1] != (byte)'_')
        {
            return new ValidationError(
                ErrorSite.Name,
                $"a family name that ends in \"_{Text(unit)}\" for unit \"{Text(unit)}\"",
                $"family name \"{Text(name)}\"");
        }

        return ValidationError.None;
    }

    private bool TryMatchFamily(ReadOnlySpan<byte> name, out SampleRole role)
    {
        role = SampleRole.Value;
        if (family is null || !name.StartsWith(family))
        {
            return false;
        }

        var suffix = name[family.Length..];
        return type switch
        {
            MetricType.Counter => Match(suffix, "_total"u8, SampleRole.Total, out role)
                || Match(suffix, "_created"u8, SampleRole.Created, out role),
            MetricType.Histogram => Match(suffix, "_bucket"u8, SampleRole.Bucket, out role)
                || Match(suffix, "_count"u8, SampleRole.Count, out role)
                || Match(suffix, "_sum"u8, SampleRole.Sum, out role)
                || Match(suffix, "_created"u8, SampleRole.Created, out role),
            MetricType.GaugeHistogram => Match(suffix, "_bucket"u8, SampleRole.Bucket, out role)
                || Match(suffix, "_gcount"u8, SampleRole.GaugeCount, out role)
                || Match(suffix, "_gsum"u8, SampleRole.GaugeSum, out role),
            MetricType.Summary => Match(suffix, ""u8, SampleRole.Value, out role)
                || Match(suffix, "_count"u8, SampleRole.Count, out role)
                || Match(suffix, "_sum"u8, SampleRole.Sum, out role)
                || Match(suffix, "_created"u8, SampleRole.Created, out role),
            MetricType.Info => Match(suffix, "_info"u8, SampleRole.Info, out role),
            _ => suffix.IsEmpty,
        };
    }

    private static bool Match(ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> expected, SampleRole matched, out SampleRole role)
    {
        role = matched;
        return suffix.SequenceEqual(expected);
    }

    private static string[] SuffixesOf(MetricType metricType) => metricType switch
    {
        MetricType.Counter => CounterSuffixes,
        MetricType.Histogram => HistogramSuffixes,
        MetricType.GaugeHistogram => GaugeHistogramSuffixes,
        MetricType.Summary => SummarySuffixes,
        MetricType.Info => InfoSuffixes,
        _ => [],
    };

    /// <summary>Joins a name and a suffix in a reused buffer; the result is valid until the next call.</summary>
    private ReadOnlySpan<byte> Concat(byte[] name, string suffix)
    {
        var length = name.Length + suffix.Length;
        if (nameBuffer.Length < length)
        {
            nameBuffer = new byte[length * 2];
        }

        name.CopyTo(nameBuffer, 0);
        Encoding.ASCII.GetBytes(suffix, nameBuffer.AsSpan(name.Length));
        return nameBuffer.AsSpan(0, length);
    }

    private static string KindWord(MetadataKind kind) => kind switch
    {
        MetadataKind.Help => "HELP",
        MetadataKind.Type => "TYPE",
        _ => "UNIT",
    };

    internal static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    private static ulong HashLabel(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var h = XxHash3.HashToUInt64(name, 0x5bd1e995);
        h = XxHash3.HashToUInt64(value, (long)h);
        return h;
    }
}
