using BenchmarkDotNet.Running;
using InferScope.Benchmarks;
using InferScope.Benchmarks.Dashboard;

if (args.Length > 0 && args[0] == StorageSizeHarness.Command)
{
    return await StorageSizeHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == DashboardRenderHarness.Command)
{
    return await DashboardRenderHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == FleetQueryHarness.Command)
{
    return await FleetQueryHarness.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == HistogramSizeHarness.Command)
{
    return await HistogramSizeHarness.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ExpositionBenchmarks).Assembly).Run(args);
return 0;
