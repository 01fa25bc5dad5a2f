namespace InferScope.TestSupport;

/// <summary>
/// Locates the reference material (engine payloads, parser cases, PromQL scripts) that sits in the
/// folder <c>shared</c> beside the repository, or where INFERSCOPE_SHARED_DIR points.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Directory => Root.Value;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("INFERSCOPE_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        if (!System.IO.Directory.Exists(candidate))
        {
            throw new DirectoryNotFoundException(
                $"Reference data not found at {candidate}. Set INFERSCOPE_SHARED_DIR to the folder with fixtures/ and promql-tests/.");
        }

        return candidate;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "InferScope.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new DirectoryNotFoundException($"No InferScope.slnx above {AppContext.BaseDirectory}.");
    }
}
