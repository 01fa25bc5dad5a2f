using System.CommandLine;
using InferScope.PromQL.Testing;

namespace InferScope.Commands;

/// <summary><c>inferscope promql-test FILE|DIR ...</c>: runs PromQL test scripts against the local engine.</summary>
internal static class PromqlTestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Test script files (.test) or folders to search for them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command(
            "promql-test",
            "Run PromQL test scripts and print one line per failed or skipped eval, then the totals. Each instant eval is also checked as a range query and with @ pinned at other evaluation times.");
        command.Arguments.Add(paths);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var targets = parseResult.GetValue(paths) ?? [];
            foreach (var target in targets)
            {
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                        $"No test script or folder at \"{target}\". Pass a .test file or a folder that holds them.").ConfigureAwait(false);
                    return 2;
                }
            }

            var report = await ScriptRunner.RunPathsAsync(targets, output, cancellationToken).ConfigureAwait(false);
            var reasons = report.Outcomes.Where(o => o.Verdict == EvalVerdict.Skipped)
                .GroupBy(o => o.Reason)
                .OrderByDescending(g => g.Count());
            foreach (var reason in reasons)
            {
                await output.WriteLineAsync($"skipped {reason.Count()}: {reason.Key}").ConfigureAwait(false);
            }

            await output.WriteLineAsync(report.Summary).ConfigureAwait(false);
            return report.Failed == 0 ? 0 : 1;
        });
        return command;
    }
}
