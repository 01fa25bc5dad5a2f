namespace InferScope.Cli.Tests;

/// <summary>A file in the temp folder that is deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string content, string extension = ".prom")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"inferscope-cli-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
