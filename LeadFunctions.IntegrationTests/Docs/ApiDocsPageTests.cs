using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
namespace LeadFunctions.IntegrationTests.Docs;

/// <summary>GET /api/docs: Swagger UI from the app's own build output, over the app's own openapi.json.</summary>
public sealed partial class ApiDocsPageTests
{
    [Fact]
    public async Task Renders_every_operation_of_the_document_in_headless_chromium()
    {
        await using var server = await DocsTestServer.StartAsync();

        var dom = await HeadlessChromium.DumpDomAsync(server.DocsUrl);

        var operations = Operations(OpenApiDocumentBuilder.Build(LeadScoringOptions.DefaultMaxUploadBytes));
        Assert.NotEmpty(operations);
        Assert.Contains("data-swagger-ui=\"ready\"", dom);
        // Swagger UI gives each operation the id operations-{tag}-{operationId}.
        var rendered = RenderedOperations().Matches(dom).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(operations.Select(o => $"{o.Tag}-{o.OperationId}").Order(), rendered.Order());
        Assert.DoesNotContain("missing-assets", dom);
    }

    [Fact]
    public async Task Renders_the_same_at_a_trailing_slash()
    {
        await using var server = await DocsTestServer.StartAsync();

        var dom = await HeadlessChromium.DumpDomAsync(new Uri(server.BaseAddress, "/api/docs/"));

        Assert.Contains("data-swagger-ui=\"ready\"", dom);
        Assert.Contains("id=\"operations-Service-Health\"", dom);
    }

    [Fact]
    public async Task Shows_document_text_as_text_never_as_markup()
    {
        var hostile = OpenApiDocumentBuilder.Build(LeadScoringOptions.DefaultMaxUploadBytes);
        hostile["paths"]!["/api/health"]!["get"]!["summary"] = "<img id=\"injected\" src=x>";
        await using var server = await DocsTestServer.StartAsync(() => hostile.ToJsonString());

        var dom = await HeadlessChromium.DumpDomAsync(server.DocsUrl);

        Assert.Contains("id=\"operations-Service-Health\"", dom);
        Assert.Contains("&lt;img id=\"injected\" src=x&gt;", dom);
        Assert.DoesNotContain("<img id=\"injected\"", dom);
    }

    [Fact]
    public async Task Without_swagger_ui_in_the_build_the_page_says_how_to_fix_it()
    {
        var empty = Directory.CreateTempSubdirectory("leadfunctions-no-swagger-ui-");
        try
        {
            await using var server = await DocsTestServer.StartAsync(assetDirectory: empty.FullName);

            var dom = await HeadlessChromium.DumpDomAsync(server.DocsUrl);

            Assert.Contains("data-swagger-ui=\"missing\"", dom);
            Assert.Contains(ApiDocsPage.MissingAssetsHint.Replace("`", ""), dom.Replace("`", ""));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Screenshot_of_the_rendered_page_is_written_to_the_test_output()
    {
        await using var server = await DocsTestServer.StartAsync();
        var png = Path.Combine(AppContext.BaseDirectory, "api-docs.png");
        File.Delete(png);

        await HeadlessChromium.TakeScreenshotAsync(server.DocsUrl, png);

        Assert.True(File.Exists(png), $"Chromium wrote no screenshot to {png}.");
        Assert.True(new FileInfo(png).Length > 20_000, $"The screenshot {png} is only {new FileInfo(png).Length} bytes.");
    }

    [Theory]
    [InlineData("/api/docs")]
    [InlineData("/api/docs/")]
    public async Task Is_served_as_html_with_no_inline_script_and_a_policy_that_allows_only_this_origin(string path)
    {
        await using var server = await DocsTestServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var policy = Directives(response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("'none'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'self' 'unsafe-inline'", policy["style-src"]);
        Assert.Equal("'self' data:", policy["img-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        // Every script is a file of this app; nothing is loaded from elsewhere.
        var scripts = ScriptTags().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["swagger-ui-bundle.js", ApiDocsPage.InitScriptName], scripts.Select(s => s.Split('/').Last()));
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotContain("//", html);

        // The page's relative links reach the files from either form of its address.
        foreach (var link in scripts.Append(StylesheetLink().Match(html).Groups[1].Value))
        {
            using var asset = await client.GetAsync(new Uri(new Uri(server.BaseAddress, path), link));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{link} from {path}: {asset.StatusCode}");
        }
    }

    [Fact]
    public async Task Serves_each_file_of_the_page_with_its_content_type_and_nothing_else()
    {
        await using var server = await DocsTestServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        foreach (var (file, contentType) in ApiDocsPage.Assets)
        {
            using var response = await client.GetAsync($"/api/docs/{file}");
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {response.StatusCode} {body}");
            Assert.Equal(contentType.Split(';')[0], response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(body.Length > 500, $"{file} is only {body.Length} characters.");
        }

        foreach (var unknown in new[] { "index.html", "swagger-ui-bundle.js.map", "..%2Fappsettings.json", "LeadFunctions.dll" })
        {
            using var response = await client.GetAsync($"/api/docs/{unknown}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task The_served_files_name_no_outside_address_to_load()
    {
        await using var server = await DocsTestServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        // Ours: no URL at all, and Swagger UI's validator badge (which would call out) switched off.
        var init = await client.GetStringAsync($"/api/docs/{ApiDocsPage.InitScriptName}");
        Assert.DoesNotContain("//", init);
        Assert.Contains("validatorUrl: null", init);
        Assert.Contains("url: url", init);

        // Swagger UI's stylesheet: every url(...) is inline data. (Its bundle holds URLs only as text, such as XML
        // namespaces and RFC links; the CSP above keeps it from loading anything from elsewhere.)
        var css = await client.GetStringAsync("/api/docs/swagger-ui.css");
        var urls = CssUrls().Matches(css).Select(m => m.Groups[1].Value.Trim('"', '\'')).ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.StartsWith("data:", url));
        var bundle = await client.GetStringAsync("/api/docs/swagger-ui-bundle.js");
        Assert.Contains("SwaggerUIBundle", bundle);
    }

    [Fact]
    public async Task A_file_missing_from_the_build_is_a_404_that_says_how_to_fix_it()
    {
        var empty = Directory.CreateTempSubdirectory("leadfunctions-no-swagger-ui-");
        try
        {
            await using var server = await DocsTestServer.StartAsync(assetDirectory: empty.FullName);
            using var client = new HttpClient { BaseAddress = server.BaseAddress };

            using var response = await client.GetAsync("/api/docs/swagger-ui-bundle.js");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("npm ci", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    private static List<(string Tag, string OperationId)> Operations(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Value is JsonObject o && o.ContainsKey("operationId")))
            .Select(m => ((string)m.Value!["tags"]![0]!, (string)m.Value!["operationId"]!))
            .ToList();

    [GeneratedRegex("id=\"operations-(?!tag-)([A-Za-z]+-[A-Za-z]+)\"")]
    private static partial Regex RenderedOperations();

    [GeneratedRegex("<script src=\"([^\"]+)\"></script>")]
    private static partial Regex ScriptTags();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\">")]
    private static partial Regex StylesheetLink();

    [GeneratedRegex(@"url\(([^)]*)\)")]
    private static partial Regex CssUrls();
}
