using CsCheck;
using InferScope.TestSupport;

namespace InferScope.Exposition.Tests;

/// <summary>Feeds random and mutated bytes to both parsers, which may only raise <see cref="ExpositionParseException"/>.</summary>
public sealed class ParserFuzzTests
{
    private static byte[] Interesting { get; } = "{}\"\\ \t\n#=,.eE+-0123456789_:aZ"u8.ToArray();

    private static Lazy<byte[][]> Corpus { get; } = new(LoadCorpus);

    [Fact]
    public void Parse_RandomBytes_OnlyParseErrors()
    {
        var bytes = Gen.OneOf(
            Gen.Byte.Array[0, 300],
            Gen.OneOf(Interesting).Array[0, 300]);

        bytes.Sample(ParseBothFormats, iter: 20_000);
    }

    [Fact]
    public void Parse_MutatedPayloads_OnlyParseErrors()
    {
        var corpus = Corpus.Value;
        var mutated =
            from index in Gen.Int[0, corpus.Length - 1]
            from edits in Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Gen.Int[1, 64], Gen.OneOf(Gen.Byte, Gen.OneOf(Interesting))).Array[1, 8]
            select Mutate(corpus[index], edits);

        mutated.Sample(ParseBothFormats, iter: 5_000);
    }

    private static byte[] Mutate(byte[] source, (int Kind, double Where, int Length, byte Value)[] edits)
    {
        var bytes = new List<byte>(source);
        foreach (var (kind, where, length, value) in edits)
        {
            var at = (int)(where * bytes.Count);
            switch (kind)
            {
                case 0 when at < bytes.Count:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(length, bytes.Count - at));
                    break;
                default:
                    bytes.InsertRange(at, bytes.Skip(at).Take(length).ToArray());
                    break;
            }
        }

        return [.. bytes];
    }

    private static void ParseBothFormats(byte[] payload)
    {
        foreach (var format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics })
        {
            try
            {
                var result = ExpositionParser.Parse(payload, format);
                Assert.Equal(format, result.Format);
            }
            catch (ExpositionParseException error)
            {
                Assert.True(error.Line >= 0, error.Message);
                Assert.True(error.Column >= 0, error.Message);
            }
        }
    }

    private static byte[][] LoadCorpus()
    {
        var files = Directory.GetFiles(SharedData.PathOf("fixtures", "engines"), "*.prom")
            .Concat(Directory.GetDirectories(SharedData.PathOf("openmetrics-tests", "parsers")).Select(d => Path.Combine(d, "metrics")))
            .Order(StringComparer.Ordinal);
        return files.Select(File.ReadAllBytes).ToArray();
    }
}
