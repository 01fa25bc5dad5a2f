namespace InferScope.Storage.Tests;

/// <summary>
/// The entry point when this assembly runs as a child process of a test, such as the writer
/// that <see cref="CrashTests"/> kills; the test host never calls it.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == CrashWriter.Command)
        {
            return await CrashWriter.RunAsync(args[1..]);
        }

        await Console.Error.WriteLineAsync($"Unknown command; expected \"{CrashWriter.Command}\".");
        return 2;
    }
}
