using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using InferScope.Exposition;
using InferScope.Storage;

namespace InferScope.Commands;

/// <summary>
/// <c>inferscope tsdb import --data DIR FILE</c>: reads OpenMetrics text whose samples all carry
/// timestamps and writes it as blocks into a data folder, like promtool's
/// <c>tsdb create-blocks-from openmetrics</c>.
/// </summary>
internal static class TsdbImportCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "The data folder to write blocks into; created when missing. The server must not be running on it.",
            Required = true,
        };
        var blockHours = new Option<int>("--block-hours")
        {
            Description = "The time span of each block written, in hours.",
            DefaultValueFactory = _ => 2,
        };
        var file = new Argument<FileInfo>("file") { Description = "An OpenMetrics text file ending in # EOF, every sample with a timestamp." };
        var command = new Command("import", "Import OpenMetrics text with timestamps into blocks of a data folder.") { data, blockHours, file };
        command.SetGuardedAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var input = parseResult.GetValue(file)!;
            var hours = parseResult.GetValue(blockHours);
            if (hours is < 1 or > 24 * 31)
            {
                error.WriteLine($"--block-hours {hours} is out of range; use 1 to 744.");
                return 2;
            }

            if (!input.Exists)
            {
                error.WriteLine($"Input file {input.FullName} not found.");
                return 2;
            }

            if (input.Length > int.MaxValue)
            {
                error.WriteLine($"Input file {input.FullName} is {input.Length} bytes; split it into files below 2 GiB and import each.");
                return 2;
            }

            var watch = Stopwatch.StartNew();
            using var importer = new BlockImporter(parseResult.GetValue(data)!, new TsdbOptions { BlockDuration = TimeSpan.FromHours(hours) });
            try
            {
                var bytes = File.ReadAllBytes(input.FullName);
                Read(bytes, importer, output);
            }
            catch (ExpositionParseException e)
            {
                error.WriteLine($"Import of {input.FullName} failed, nothing was written: {e.Message}");
                return 1;
            }

            output.WriteLine($"Read {importer.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} samples in {importer.SeriesCount.ToString("N0", CultureInfo.InvariantCulture)} series; writing blocks");
            var blocks = importer.WriteBlocks(new ConsoleProgress(output));
            output.WriteLine($"Wrote {blocks.Count} blocks to {parseResult.GetValue(data)} in {watch.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }

    private static void Read(ReadOnlySpan<byte> bytes, BlockImporter importer, TextWriter output)
    {
        var pool = new LabelStringPool();
        var reader = new ExpositionReader(bytes, ExpositionFormat.OpenMetrics);
        var nextReport = 0L;
        var step = Math.Max(bytes.Length / 20, 1);
        ExpositionEntry entry;
        while ((entry = reader.Next()) != ExpositionEntry.EndOfInput)
        {
            if (entry != ExpositionEntry.Sample)
            {
                continue;
            }

            if (!reader.HasTimestamp)
            {
                throw new ExpositionParseException(
                    $"line {reader.LineNumber}: the sample has no timestamp; every imported sample needs one (seconds since the epoch after the value).");
            }

            importer.Add(reader.BuildLabels(pool), reader.TimestampMs, reader.Value);
            if (importer.SampleCount >= nextReport)
            {
                output.WriteLine($"  line {reader.LineNumber.ToString("N0", CultureInfo.InvariantCulture)}, {importer.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} samples");
                nextReport = importer.SampleCount + (step / 64) + 1;
            }
        }
    }

    /// <summary>Prints block progress on the calling thread, so lines keep their order.</summary>
    private sealed class ConsoleProgress(TextWriter output) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => output.WriteLine($"  block {value.Done}/{value.Total}");
    }
}
