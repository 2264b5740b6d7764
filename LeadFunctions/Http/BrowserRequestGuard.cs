using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http;

/// <summary>
/// Keeps web pages of other sites from driving the API through the user's browser. A page can POST a form, a
/// <c>text/plain</c> body or a multipart upload to any address without a CORS preflight, and a locally running API
/// checks no keys; so an unsafe method (POST, PUT, PATCH, DELETE) is refused when the browser says it comes from
/// elsewhere: <c>Sec-Fetch-Site: cross-site</c>, or, unless the browser says <c>Sec-Fetch-Site: same-origin</c>, an
/// <c>Origin</c> that is not the API's own. Pages the API serves itself (the docs) are same-origin; clients that are
/// no browser (curl, SDKs) send neither header.
/// </summary>
public static class BrowserRequestGuard
{
    /// <summary>The 403 to answer instead of running the function, or null.</summary>
    public static ObjectResult? Check(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return null;
        }

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (string.Equals(fetchSite, "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("Sec-Fetch-Site: cross-site");
        }

        // The browser's own word (no page can set a Sec- header). It matters in Azure: the Functions host forwards
        // requests to the worker under the worker's local address, so Host there is not the origin the browser saw.
        if (string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || IsOwnOrigin(origin, request) ? null : Refuse($"Origin: {origin}");
    }

    /// <summary>
    /// Compares host and port with the request's Host (or, behind a proxy, X-Forwarded-Host): the scheme is left
    /// out, because TLS may end before the app and the app then sees http. <c>Origin: null</c> (a sandboxed page or a
    /// file) is never the API's own.
    /// </summary>
    private static bool IsOwnOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        return SameAuthority(uri, request.Host.Value)
            || request.Headers["X-Forwarded-Host"].Any(forwarded => SameAuthority(uri, forwarded?.Split(',')[0].Trim()));
    }

    private static bool SameAuthority(Uri origin, string? host) =>
        !string.IsNullOrEmpty(host) && string.Equals(origin.Authority, host, StringComparison.OrdinalIgnoreCase);

    private static ObjectResult Refuse(string evidence) => Problems.Forbidden(
        $"Cross-origin requests from web pages are refused ({evidence}). Call the API from its own origin, or from a client that is not a browser.");
}
