using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InferScope.Model;
using InferScope.PromQL.Engine;
using InferScope.PromQL.Syntax;
using InferScope.Storage;

namespace InferScope.PromQL.Testing;

/// <summary>
/// Runs PromQL test scripts (<c>load</c>, <c>clear</c>, <c>eval</c>) against the local engine
/// over the embedded store, kept in memory, and checks every expectation, native histograms
/// included. Evals over start-timestamp data (<c>@st</c>) are reported as skipped with the reason.
/// Every instant eval is also checked in range mode and for <c>@</c> step-invariance.
/// </summary>
public sealed partial class ScriptRunner : IDisposable
{
    private Tsdb store = NewStore();
    private readonly QueryEngineOptions options;
    private readonly Func<IQueryEngine, IQueryEngine>? decorateEngine;
    private bool startTimestampsLoaded;

    /// <param name="options">Engine settings; the defaults are those the Prometheus test runner uses.</param>
    /// <param name="decorateEngine">Wraps the local engine every eval runs against, for example to record or alter its results.</param>
    public ScriptRunner(QueryEngineOptions? options = null, Func<IQueryEngine, IQueryEngine>? decorateEngine = null)
    {
        this.decorateEngine = decorateEngine;
        this.options = options ?? new QueryEngineOptions
        {
            DelayedNameRemoval = true,
            LookbackDelta = TimeSpan.FromMinutes(5),
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    public void Dispose() => store.Dispose();

    // Scripts load every block from time 0 after earlier blocks reached later times, so the head
    // must accept old samples: one block spanning centuries keeps the oldest accepted time at 0.
    private static Tsdb NewStore() => Tsdb.CreateInMemory(new TsdbOptions
    {
        TooNewTolerance = null,
        BlockDuration = TimeSpan.FromDays(36_500),
        RetentionTime = TimeSpan.FromDays(365_000),
    });

    /// <summary>Runs every <c>.test</c> file under the given files and folders, in name order.</summary>
    public static async Task<ScriptReport> RunPathsAsync(IEnumerable<string> paths, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var report = new ScriptReport();
        foreach (var path in paths)
        {
            var files = Directory.Exists(path)
                ? Directory.GetFiles(path, "*.test", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
                : [path];
            foreach (var file in files)
            {
                using var runner = new ScriptRunner();
                var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                await runner.RunAsync(file, text, report, log, cancellationToken).ConfigureAwait(false);
            }
        }

        return report;
    }

    public async Task RunAsync(string name, string script, ScriptReport report, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(report);
        var lines = script.Split('\n').Select(l => l.Trim()).Select(l => l.StartsWith('#') ? string.Empty : l).ToArray();
        var i = 0;
        while (i < lines.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = lines[i];
            if (line.Length == 0)
            {
                i++;
                continue;
            }

            var start = i;
            var body = new List<(int Line, string Text)>();
            var word = line.Split(' ', '\t')[0];
            i++;
            while (word != "clear" && i < lines.Length && lines[i].Length > 0)
            {
                body.Add((i + 1, lines[i]));
                i++;
            }

            if (word == "clear")
            {
                store.Dispose();
                store = NewStore();
                startTimestampsLoaded = false;
            }
            else if (word.StartsWith("load", StringComparison.Ordinal))
            {
                await LoadAsync(line, body, name, start + 1, cancellationToken).ConfigureAwait(false);
            }
            else if (word.StartsWith("eval", StringComparison.Ordinal))
            {
                using var engine = new LocalQueryEngine(store, options);
                var outcome = await EvalAsync(decorateEngine?.Invoke(engine) ?? engine, name, start + 1, line, body, cancellationToken).ConfigureAwait(false);
                report.Outcomes.Add(outcome);
                if (outcome.Verdict != EvalVerdict.Passed && log is not null)
                {
                    await log.WriteLineAsync($"{name}:{outcome.Line}: {(outcome.Verdict == EvalVerdict.Failed ? "FAIL" : "SKIP")} {outcome.Query}: {outcome.Reason}").ConfigureAwait(false);
                }
            }
            else
            {
                throw new FormatException($"{name}:{start + 1}: unknown command \"{word}\"; expected load, clear or eval");
            }
        }
    }

    private static (string Description, string Values) SplitSeriesLine(string line)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    break;
                case ' ' or '\t' when depth == 0:
                    return (line[..i], line[(i + 1)..].Trim());
                default:
                    break;
            }
        }

        return (line, string.Empty);
    }

    private static Labels ParseLabels(string description)
    {
        var (name, matchers) = Parser.ParseSeriesDescription(description);
        var builder = new LabelsBuilder();
        foreach (var m in matchers)
        {
            builder.Set(m.Name, m.Value);
        }

        if (name is not null)
        {
            builder.Set(LabelNames.MetricName, name);
        }

        return builder.Build();
    }

    private async Task LoadAsync(string header, List<(int Line, string Text)> body, string file, int lineNumber, CancellationToken cancellationToken)
    {
        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !DurationText.TryParse(parts[1], out var interval))
        {
            throw new FormatException($"{file}:{lineNumber}: invalid load command \"{header}\"");
        }

        var withNhcb = parts[0] == "load_with_nhcb";
        var loaded = new Dictionary<Labels, List<ScriptValue?>>();
        foreach (var (line, text) in body)
        {
            var (description, values) = SplitSeriesLine(text);
            if (description.EndsWith("@st", StringComparison.Ordinal))
            {
                startTimestampsLoaded = true;
                continue;
            }

            var labels = ParseLabels(description);
            try
            {
                loaded[labels] = ValueSequence.Expand(values);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{file}:{line}: {e.Message}", e);
            }
        }

        if (withNhcb)
        {
            foreach (var (labels, values) in NativeHistogramsWithCustomBuckets.Convert(loaded))
            {
                loaded[labels] = values;
            }
        }

        using var appender = store.CreateAppender();
        foreach (var (labels, values) in loaded)
        {
            for (var k = 0; k < values.Count; k++)
            {
                if (values[k] is not { } v)
                {
                    continue;
                }

                var status = v.Histogram is null
                    ? appender.Append(labels, k * interval, v.Value)
                    : appender.AppendHistogram(labels, k * interval, v.Histogram);
                if (status != Model.Storage.AppendStatus.Ok)
                {
                    throw new FormatException($"{file}:{lineNumber}: the store rejected {labels} at {k * interval} ms: {status}");
                }
            }
        }

        await appender.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class Expectations
    {
        public bool Fail { get; set; }

        public string? FailMessage { get; set; }

        public Regex? FailRegex { get; set; }

        public bool Ordered { get; set; }

        public List<(string? Exact, Regex? Pattern)> Warnings { get; } = [];

        public List<(string? Exact, Regex? Pattern)> Infos { get; } = [];

        public bool NoWarn { get; set; }

        public bool NoInfo { get; set; }

        public string? String { get; set; }

        public double? Scalar { get; set; }

        public (long From, long To, long Step)? RangeVector { get; set; }

        public List<(Labels Labels, List<ScriptValue?> Values)> Series { get; } = [];
    }

    private async Task<EvalOutcome> EvalAsync(IQueryEngine engine, string file, int line, string header, List<(int Line, string Text)> body, CancellationToken cancellationToken)
    {
        var words = header.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var command = words[0];
        var expect = new Expectations
        {
            Fail = command == "eval_fail",
            Ordered = command == "eval_ordered",
        };
        if (command == "eval_warn")
        {
            expect.Warnings.Add((null, null));
        }

        if (command == "eval_info")
        {
            expect.Infos.Add((null, null));
        }

        bool instant;
        long start, end = 0, step = 0;
        string query;
        try
        {
            var rest = header[command.Length..].TrimStart();
            if (rest.StartsWith("instant at ", StringComparison.Ordinal))
            {
                instant = true;
                rest = rest["instant at ".Length..].TrimStart();
                start = ParseTime(TakeWord(ref rest));
                end = start;
                query = rest;
            }
            else if (rest.StartsWith("range from ", StringComparison.Ordinal))
            {
                instant = false;
                rest = rest["range from ".Length..].TrimStart();
                start = ParseTime(TakeWord(ref rest));
                ExpectWord(ref rest, "to");
                end = ParseTime(TakeWord(ref rest));
                ExpectWord(ref rest, "step");
                step = ParseTime(TakeWord(ref rest));
                query = rest;
                if (end < start)
                {
                    throw new FormatException("end before start");
                }
            }
            else
            {
                throw new FormatException($"invalid eval command \"{header}\"");
            }

            ParseBody(body, expect);
        }
        catch (Exception e) when (e is FormatException or ParseException or ArgumentException)
        {
            return new EvalOutcome(file, line, header, EvalVerdict.Failed, e.Message);
        }

        if (startTimestampsLoaded)
        {
            return new EvalOutcome(file, line, query, EvalVerdict.Skipped, "start timestamps (@st) are not supported");
        }

        if (instant)
        {
            var problem = await CheckInstantEvalAsync(engine, expect, query, start, cancellationToken).ConfigureAwait(false);
            return problem is null
                ? new EvalOutcome(file, line, query, EvalVerdict.Passed)
                : new EvalOutcome(file, line, query, EvalVerdict.Failed, problem);
        }

        QueryResult result;
        try
        {
            result = await engine.RangeQueryAsync(query, DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(end), TimeSpan.FromMilliseconds(step), cancellationToken).ConfigureAwait(false);
        }
        catch (QueryException e)
        {
            var failure = CheckFailure(expect, e);
            return failure is null
                ? new EvalOutcome(file, line, query, EvalVerdict.Passed)
                : new EvalOutcome(file, line, query, EvalVerdict.Failed, failure);
        }

        if (expect.Fail)
        {
            return new EvalOutcome(file, line, query, EvalVerdict.Failed, "expected an error but the query succeeded");
        }

        var rangeProblem = CheckAnnotations("warning", expect.Warnings, expect.NoWarn, result.Warnings ?? [])
            ?? CheckAnnotations("info", expect.Infos, expect.NoInfo, result.Infos ?? [])
            ?? CheckResult(expect, result, instant: false, start, end, step);
        return rangeProblem is null
            ? new EvalOutcome(file, line, query, EvalVerdict.Passed)
            : new EvalOutcome(file, line, query, EvalVerdict.Failed, rangeProblem);
    }

    /// <summary>Checks an error against <c>expect fail</c> and its message. Returns null when the error was expected.</summary>
    private static string? CheckFailure(Expectations expect, QueryException e)
    {
        if (!expect.Fail)
        {
            return $"unexpected error: {e.Message}";
        }

        if (expect.FailMessage is not null && expect.FailMessage != e.Message)
        {
            return $"expected error \"{expect.FailMessage}\" but got \"{e.Message}\"";
        }

        if (expect.FailRegex is not null && !expect.FailRegex.IsMatch(e.Message))
        {
            return $"expected error matching \"{expect.FailRegex}\" but got \"{e.Message}\"";
        }

        return null;
    }

    private static string TakeWord(ref string rest)
    {
        var space = rest.IndexOfAny([' ', '\t']);
        var word = space < 0 ? rest : rest[..space];
        rest = space < 0 ? string.Empty : rest[space..].TrimStart();
        return word;
    }

    private static void ExpectWord(ref string rest, string word)
    {
        if (TakeWord(ref rest) != word)
        {
            throw new FormatException($"expected \"{word}\" in eval command");
        }
    }

    private static long ParseTime(string text) =>
        DurationText.TryParse(text, out var ms) ? ms : throw new FormatException($"invalid duration \"{text}\"");

    private static void ParseBody(List<(int Line, string Text)> body, Expectations expect)
    {
        foreach (var (_, text) in body)
        {
            var firstWord = text.Split([' ', '\t'], 2)[0];
            if (firstWord == "expect")
            {
                ParseExpectLine(text["expect".Length..].Trim(), expect);
                continue;
            }

            if (firstWord == "expected_fail_message")
            {
                expect.FailMessage = text[firstWord.Length..].Trim();
                break;
            }

            if (firstWord == "expected_fail_regexp")
            {
                expect.FailRegex = new Regex(text[firstWord.Length..].Trim(), RegexOptions.CultureInvariant);
                break;
            }

            if (TryParseScalar(text, out var scalar))
            {
                expect.Scalar = scalar;
                break;
            }

            var (description, values) = SplitSeriesLine(text);
            expect.Series.Add((ParseLabels(description), ValueSequence.Expand(values)));
        }
    }

    private static bool TryParseScalar(string text, out double value)
    {
        var s = text.Trim();
        if (s.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                value = Convert.ToInt64(s[2..], 2);
                return true;
            }
            catch (FormatException)
            {
                value = 0;
                return false;
            }
        }

        return NumberText.TryParse(s, out value) || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static void ParseExpectLine(string rest, Expectations expect)
    {
        var kind = rest.Split([' ', '\t', ':'], 2)[0];
        var after = rest[kind.Length..].Trim();
        switch (kind)
        {
            case "fail":
                expect.Fail = true;
                if (after.StartsWith("msg:", StringComparison.Ordinal))
                {
                    expect.FailMessage = after[4..].Trim();
                }
                else if (after.StartsWith("regex:", StringComparison.Ordinal))
                {
                    expect.FailRegex = new Regex(after[6..].Trim(), RegexOptions.CultureInvariant);
                }

                break;
            case "warn" or "info":
                {
                    var list = kind == "warn" ? expect.Warnings : expect.Infos;
                    if (after.StartsWith("msg:", StringComparison.Ordinal))
                    {
                        list.Add((after[4..].Trim(), null));
                    }
                    else if (after.StartsWith("regex:", StringComparison.Ordinal))
                    {
                        list.Add((null, new Regex(after[6..].Trim(), RegexOptions.CultureInvariant)));
                    }
                    else
                    {
                        list.Add((null, null));
                    }

                    break;
                }

            case "no_warn":
                expect.NoWarn = true;
                break;
            case "no_info":
                expect.NoInfo = true;
                break;
            case "ordered":
                expect.Ordered = true;
                break;
            case "string":
                expect.String = UnquoteString(after);
                break;
            case "range":
                {
                    var words = after.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length != 7 || words[0] != "vector" || words[1] != "from" || words[3] != "to" || words[5] != "step")
                    {
                        throw new FormatException($"invalid expect range line \"{rest}\"");
                    }

                    expect.RangeVector = (ParseTime(words[2]), ParseTime(words[4]), ParseTime(words[6]));
                    break;
                }

            default:
                throw new FormatException($"unknown expectation \"expect {rest}\"");
        }
    }

    private static string UnquoteString(string text)
    {
        if (text.Length >= 2 && text[0] == '`' && text[^1] == '`')
        {
            return text[1..^1];
        }

        var expr = Parser.Parse(text);
        return expr is StringLiteral s ? s.Value : throw new FormatException($"invalid expected string {text}");
    }

    private static string? CheckAnnotations(string kind, List<(string? Exact, Regex? Pattern)> expected, bool none, IReadOnlyList<string> actual)
    {
        if (none && actual.Count > 0)
        {
            return $"expected no {kind} but got: {string.Join(" | ", actual)}";
        }

        if (expected.Count == 0)
        {
            return null;
        }

        if (actual.Count == 0)
        {
            return $"expected a {kind} but got none";
        }

        static bool Matches((string? Exact, Regex? Pattern) e, string a) =>
            e.Exact is not null ? e.Exact == a : e.Pattern is null || e.Pattern.IsMatch(a);

        foreach (var e in expected)
        {
            if (!actual.Any(a => Matches(e, a)))
            {
                return $"expected {kind} \"{e.Exact ?? e.Pattern?.ToString()}\" but got: {string.Join(" | ", actual)}";
            }
        }

        foreach (var a in actual)
        {
            if (!expected.Any(e => Matches(e, a)))
            {
                return $"unexpected {kind}: {a}";
            }
        }

        return null;
    }

    /// <summary>Compares floats with the scripts' rule: relative tolerance 1e-6, NaNs equal, stale markers only to each other.</summary>
    public static bool AlmostEqual(double expected, double actual)
    {
        var se = StaleMarker.IsStale(expected);
        var sa = StaleMarker.IsStale(actual);
        if (se || sa)
        {
            return se && sa;
        }

        if (double.IsNaN(expected) && double.IsNaN(actual))
        {
            return true;
        }

        return Statistics.AlmostEqual(expected, actual, 1e-6);
    }

    private static string? CheckResult(Expectations expect, QueryResult result, bool instant, long start, long end, long step)
    {
        if (expect.String is not null)
        {
            return result.Type == ResultType.String && result.String == expect.String ? null : $"expected string \"{expect.String}\" but got {Describe(result)}";
        }

        if (expect.Scalar is { } scalar)
        {
            if (result.Type != ResultType.Scalar || result.Scalar is null)
            {
                return $"expected scalar {scalar} but got {Describe(result)}";
            }

            return AlmostEqual(scalar, result.Scalar.Value.Value) ? null : $"expected scalar {scalar} but got {result.Scalar.Value.Value}";
        }

        if (result.Type is ResultType.Scalar or ResultType.String)
        {
            return expect.Series.Count == 0 && result.Type == ResultType.String ? null : $"expected a vector but got {Describe(result)}";
        }

        if (instant && expect.RangeVector is null)
        {
            if (result.Type != ResultType.Vector)
            {
                return $"expected an instant vector but got {Describe(result)}";
            }

            return CheckVector(expect, result.Series);
        }

        if (result.Type != ResultType.Matrix)
        {
            return $"expected a range vector but got {Describe(result)}";
        }

        var (from, stepMs) = expect.RangeVector is { } rv ? (rv.From, rv.Step) : (start, step);
        _ = end;
        for (var i = 1; i < result.Series.Count; i++)
        {
            if (Labels.Compare(result.Series[i - 1].Labels, result.Series[i].Labels) > 0)
            {
                return "the matrix is not sorted by labels";
            }
        }

        return CheckMatrix(expect, result.Series, from, stepMs);
    }

    private static string Describe(QueryResult result) => result.Type switch
    {
        ResultType.Scalar => $"scalar {result.Scalar?.Value}",
        ResultType.String => $"string \"{result.String}\"",
        _ => $"{result.Type.ToString().ToLowerInvariant()} [{string.Join(", ", result.Series.Select(s => $"{s.Labels} {string.Join(" ", s.Points.Select(p => p.Value.ToString(CultureInfo.InvariantCulture)))}"))}]",
    };

    private static string? CheckVector(Expectations expect, IReadOnlyList<SeriesResult> actual)
    {
        if (actual.Count != expect.Series.Count)
        {
            return $"expected {expect.Series.Count} series but got {actual.Count}: {DescribeSeries(actual)}";
        }

        for (var i = 0; i < expect.Series.Count; i++)
        {
            var (labels, values) = expect.Series[i];
            if (values.Count != 1 || values[0] is null)
            {
                return $"expected series {labels} needs exactly one value";
            }

            SeriesResult? found;
            if (expect.Ordered)
            {
                found = actual[i];
                if (!found.Labels.Equals(labels))
                {
                    return $"expected {labels} at position {i} but got {found.Labels}";
                }
            }
            else
            {
                found = actual.FirstOrDefault(a => a.Labels.Equals(labels));
                if (found is null)
                {
                    return $"expected series {labels} is missing; got {DescribeSeries(actual)}";
                }
            }

            if (!Matches(values[0]!.Value, found.Points[0]))
            {
                return $"series {labels}: expected {Describe(values[0]!.Value)} but got {Describe(found.Points[0])}";
            }
        }

        return null;
    }

    private static string DescribeSeries(IReadOnlyList<SeriesResult> series) =>
        string.Join(", ", series.Select(s => $"{s.Labels} {string.Join(" ", s.Points.Select(p => Describe(p) + "@" + p.TimestampMs.ToString(CultureInfo.InvariantCulture)))}"));

    private static string Describe(Point point) =>
        point.Histogram?.ToString() ?? point.Value.ToString(CultureInfo.InvariantCulture);

    private static string Describe(ScriptValue value) =>
        value.Histogram?.ToString() ?? value.Value.ToString(CultureInfo.InvariantCulture);

    private static bool Matches(ScriptValue expected, Point actual)
    {
        if (expected.Histogram is null || actual.Histogram is null)
        {
            return expected.Histogram is null && actual.Histogram is null && AlmostEqual(expected.Value, actual.Value);
        }

        return HistogramsMatch(expected.Histogram, actual.Histogram, expected.HintStated);
    }

    /// <summary>
    /// Compares histograms with empty buckets dropped: schema, zero threshold, custom bounds and the
    /// bucket layout must be identical, counts and the sum use the float rule, and the hint counts
    /// only when the expected literal states one.
    /// </summary>
    private static bool HistogramsMatch(Model.Histograms.FloatHistogram expected, Model.Histograms.FloatHistogram actual, bool compareHint)
    {
        var e = expected.Compact();
        var a = actual.Compact();
        if (e.Schema != a.Schema || e.ZeroThreshold != a.ZeroThreshold || !e.CustomValues.SequenceEqual(a.CustomValues)
            || !AlmostEqual(e.Count, a.Count) || !AlmostEqual(e.Sum, a.Sum) || !AlmostEqual(e.ZeroCount, a.ZeroCount))
        {
            return false;
        }

        if (compareHint && e.CounterResetHint != a.CounterResetHint)
        {
            return false;
        }

        return BucketsMatch(e.PositiveIndexed(), a.PositiveIndexed()) && BucketsMatch(e.NegativeIndexed(), a.NegativeIndexed());
    }

    private static bool BucketsMatch(List<(int Index, double Count)> expected, List<(int Index, double Count)> actual)
    {
        if (expected.Count != actual.Count)
        {
            return false;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].Index != actual[i].Index || !AlmostEqual(expected[i].Count, actual[i].Count))
            {
                return false;
            }
        }

        return true;
    }

    private static string? CheckMatrix(Expectations expect, IReadOnlyList<SeriesResult> actual, long from, long step)
    {
        if (actual.Count != expect.Series.Count)
        {
            return $"expected {expect.Series.Count} series but got {actual.Count}: {DescribeSeries(actual)}";
        }

        foreach (var (labels, values) in expect.Series)
        {
            var found = actual.FirstOrDefault(a => a.Labels.Equals(labels));
            if (found is null)
            {
                return $"expected series {labels} is missing; got {DescribeSeries(actual)}";
            }

            var expectedPoints = new List<(long T, ScriptValue V)>();
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is { } v)
                {
                    expectedPoints.Add((from + (i * step), v));
                }
            }

            if (expectedPoints.Count != found.Points.Count)
            {
                return $"series {labels}: expected {expectedPoints.Count} points but got {found.Points.Count}: {DescribeSeries([found])}";
            }

            for (var i = 0; i < expectedPoints.Count; i++)
            {
                var p = found.Points[i];
                if (p.TimestampMs != expectedPoints[i].T || !Matches(expectedPoints[i].V, p))
                {
                    return $"series {labels}: expected {Describe(expectedPoints[i].V)}@{expectedPoints[i].T} but got {Describe(p)}@{p.TimestampMs}";
                }
            }
        }

        return null;
    }
}
