using System.Collections.Frozen;
using System.Security.Cryptography;

namespace LeadFunctions.Dashboard;

/// <summary>
/// The dashboard's page, script and style (Dashboard/Assets, embedded in the assembly): served by the app itself, so
/// the page loads nothing from elsewhere and its Content-Security-Policy can allow only its own origin.
/// </summary>
public static class DashboardAssets
{
    /// <summary>
    /// Only the app's own script, style and API: no inline code, no images, fonts, frames or form posts, and no other
    /// origin to connect to.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public const string PageName = "index.html";

    private static readonly FrozenDictionary<string, Asset> Assets = new[]
    {
        Load(PageName, "text/html; charset=utf-8"),
        Load("app.js", "text/javascript; charset=utf-8"),
        Load("app.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    public static Asset Page => Assets[PageName];

    /// <summary>The asset the page links as <c>/api/dashboard/{name}</c>, or null (the page itself is not one of them).</summary>
    public static Asset? Find(string name) =>
        name != PageName && Assets.TryGetValue(name, out var asset) ? asset : null;

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream($"dashboard/{name}")
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded (LeadFunctions.csproj, Dashboard/Assets).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        return new Asset(name, contentType, content, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
    }

    /// <summary>One file, with an ETag of its content so a browser revalidates instead of downloading it again.</summary>
    public sealed record Asset(string Name, string ContentType, byte[] Content, string ETag);
}
