using System.Collections.Frozen;
using System.Security.Cryptography;

namespace InferScope.Server.Dashboard;

/// <summary>
/// The dashboard's bundled files, read once from the assembly's embedded resources and served with
/// an ETag and a strict Content-Security-Policy.
/// </summary>
public sealed class DashboardAssets
{
    private const string ResourcePrefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, Asset> assets;

    private DashboardAssets(FrozenDictionary<string, Asset> assets)
    {
        this.assets = assets;
    }

    /// <summary>Loads the embedded files; the set is empty when the dashboard was not built into this assembly.</summary>
    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var loaded = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var path = "/" + name[ResourcePrefix.Length..];
            var contentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            var etag = "\"" + Convert.ToHexString(SHA256.HashData(content).AsSpan(0, 8)) + "\"";
            loaded[path] = new Asset(content, contentType, etag);
        }

        return new DashboardAssets(loaded.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public bool IsEmpty => assets.Count == 0;

    /// <summary>Returns the asset at a request path; "/" maps to index.html.</summary>
    public bool TryGet(string path, out Asset asset)
    {
        if (path is "/" or "")
        {
            path = "/index.html";
        }

        return assets.TryGetValue(path, out asset!);
    }

    /// <summary>One bundled file.</summary>
    public sealed record Asset(byte[] Content, string ContentType, string ETag);
}
