namespace LeadFunctions.Docs;

/// <summary>
/// <c>GET /api/docs</c>: Swagger UI (npm's <c>swagger-ui-dist</c>, pinned in package.json) over <c>openapi.json</c>,
/// served entirely by the app: the page, Swagger UI's bundle and stylesheet copied into the build output by
/// LeadFunctions.csproj, and our own start-up script, <see cref="InitScript"/>. No inline script, so the CSP needs
/// no hash or nonce; Swagger UI sets inline styles, hence <c>style-src 'unsafe-inline'</c>.
/// </summary>
public static class ApiDocsPage
{
    /// <summary>Folder of the build output that holds Swagger UI's files (LeadFunctions.csproj copies them there).</summary>
    public const string AssetFolder = "swagger-ui";

    public const string InitScriptName = "swagger-init.js";

    /// <summary>What the page says when the build had no node_modules/swagger-ui-dist to copy (in a JS string: no quotes).</summary>
    public const string MissingAssetsHint =
        "The Swagger UI files are not in this build: run `npm ci` at the repository root, then build (or publish) again.";

    /// <summary>The files <c>GET /api/docs/{file}</c> serves, with their content types; nothing else is served.</summary>
    public static IReadOnlyDictionary<string, string> Assets { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["swagger-ui.css"] = "text/css; charset=utf-8",
        ["swagger-ui-bundle.js"] = "text/javascript; charset=utf-8",
        [InitScriptName] = "text/javascript; charset=utf-8",
    };

    /// <summary>
    /// Starts Swagger UI on the document next to the page (at <c>/api/docs</c> or <c>/api/docs/</c>). <c>validatorUrl: null</c> keeps Swagger UI from asking an
    /// outside validator for a badge; the document's relative server makes "Try it out" call this app. Without the
    /// bundle (a build without node_modules) it says how to fix that instead.
    /// </summary>
    public const string InitScript = $$"""
        (function () {
          'use strict';
          var root = document.getElementById('swagger-ui');
          var url = location.pathname.slice(-1) === '/' ? '../openapi.json' : 'openapi.json';
          if (typeof window.SwaggerUIBundle !== 'function') {
            var message = document.createElement('p');
            message.className = 'missing-assets';
            message.textContent = '{{MissingAssetsHint}}';
            root.appendChild(message);
            document.body.setAttribute('data-swagger-ui', 'missing');
            return;
          }
          window.ui = window.SwaggerUIBundle({
            url: url,
            domNode: root,
            validatorUrl: null,
            deepLinking: false,
            displayOperationId: true,
            persistAuthorization: false,
            presets: [window.SwaggerUIBundle.presets.apis],
            layout: 'BaseLayout',
            onComplete: function () { document.body.setAttribute('data-swagger-ui', 'ready'); }
          });
        })();
        """;

    /// <summary>
    /// The page; <paramref name="trailingSlash"/> says whether it was asked for as <c>/api/docs/</c>, which moves the
    /// base its relative links resolve against.
    /// </summary>
    public static string Html(bool trailingSlash)
    {
        var assets = trailingSlash ? "" : "docs/";
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>LeadFunctions API</title>
            <link rel="stylesheet" href="{assets}swagger-ui.css">
            </head>
            <body>
            <div id="swagger-ui"></div>
            <script src="{assets}swagger-ui-bundle.js"></script>
            <script src="{assets}{InitScriptName}"></script>
            </body>
            </html>
            """;
    }

    /// <summary>
    /// Scripts and fetches from this origin only; styles from this origin plus Swagger UI's inline style attributes;
    /// images from this origin or data: URIs (Swagger UI's icons); no framing, no forms, no base override.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}
