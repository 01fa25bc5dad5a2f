using Microsoft.Playwright;

namespace InferScope.Dashboard.Tests;

/// <summary>Saves screenshots as test artifacts under artifacts/screenshots at the repository root.</summary>
internal static class Screenshots
{
    public static string Directory { get; } = CreateDirectory();

    public static Task SaveAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = true });

    private static string CreateDirectory()
    {
        var path = Path.Combine(InferScope.TestSupport.SharedData.RepositoryRoot, "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }
}
