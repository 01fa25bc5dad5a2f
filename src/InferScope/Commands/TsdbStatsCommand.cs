using System.CommandLine;
using System.Globalization;
using InferScope.Storage;

namespace InferScope.Commands;

/// <summary><c>inferscope tsdb stats --data DIR</c>: prints what a data folder holds on disk.</summary>
internal static class TsdbStatsCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The data folder to inspect.", Required = true };
        var top = new Option<int>("--top")
        {
            Description = "How many of the heaviest metrics to list.",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command("stats", "Print series, samples, bytes on disk and bytes per sample of a data folder.") { data, top };
        command.SetGuardedAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var folder = parseResult.GetValue(data)!;
            if (!Directory.Exists(folder))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"Data folder {folder} not found.");
                return 2;
            }

            var stats = DiskStatistics.Compute(folder, parseResult.GetValue(top));
            var c = CultureInfo.InvariantCulture;
            output.WriteLine($"blocks          {stats.Blocks}");
            if (stats.Samples > 0)
            {
                // The samples' own times; the block boundaries (stats.MinTime, stats.MaxTime) are rounded to the block range.
                output.WriteLine($"samples from    {FormatTime(stats.FirstSampleTime)} to {FormatTime(stats.LastSampleTime)}");
            }

            output.WriteLine($"series          {stats.Series.ToString("N0", c)}");
            output.WriteLine($"samples         {stats.Samples.ToString("N0", c)}");
            output.WriteLine($"block bytes     {stats.BlockBytes.ToString("N0", c)} (index {stats.IndexBytes.ToString("N0", c)})");
            output.WriteLine($"log bytes       {stats.WalBytes.ToString("N0", c)}");
            output.WriteLine($"bytes/sample    {stats.BytesPerSample.ToString("F3", c)} (blocks, index included)");
            output.WriteLine();
            output.WriteLine("heaviest metrics by chunk bytes (index not included):");
            output.WriteLine($"{"metric",-50} {"series",8} {"samples",12} {"bytes",12} {"bytes/sample",12}");
            foreach (var metric in stats.HeaviestMetrics)
            {
                output.WriteLine($"{metric.MetricName,-50} {metric.Series,8} {metric.Samples,12} {metric.ChunkBytes,12} {metric.BytesPerSample.ToString("F3", c),12}");
            }

            return 0;
        });
        return command;
    }

    private static string FormatTime(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
