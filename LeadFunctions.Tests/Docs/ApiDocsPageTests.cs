using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadFunctions.Configuration;
using LeadFunctions.Docs;

namespace LeadFunctions.Tests.Docs;

public sealed partial class ApiDocsPageTests
{
    [Fact]
    public async Task Renders_every_operation_of_the_document_in_headless_chromium()
    {
        await using var server = await DocsTestServer.StartAsync();

        var dom = await HeadlessChromium.DumpDomAsync(server.DocsUrl);

        var operationIds = OperationIds(OpenApiDocumentBuilder.Build(LeadScoringOptions.DefaultMaxUploadBytes));
        Assert.NotEmpty(operationIds);
        var rendered = RenderedOperationIds().Matches(dom).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(operationIds.Order(), rendered.Order());
        Assert.Contains("data-rendered=\"true\"", dom);
        Assert.DoesNotContain("<p class=\"error\">", dom);
    }

    [Fact]
    public async Task Shows_document_text_as_text_never_as_markup()
    {
        var hostile = OpenApiDocumentBuilder.Build(LeadScoringOptions.DefaultMaxUploadBytes);
        hostile["paths"]!["/api/health"]!["get"]!["summary"] = "<img id=\"injected\" src=x>";
        await using var server = await DocsTestServer.StartAsync(() => hostile.ToJsonString());

        var dom = await HeadlessChromium.DumpDomAsync(server.DocsUrl);

        Assert.Contains("data-operation-id=\"Health\"", dom);
        Assert.Contains("&lt;img id=\"injected\" src=x&gt;", dom);
        Assert.DoesNotContain("<img id=\"injected\"", dom);
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

    [Fact]
    public async Task Is_served_as_html_with_a_policy_that_allows_only_its_own_inline_script_and_style()
    {
        await using var server = await DocsTestServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("/api/docs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy);
        Assert.Matches(@"script-src 'sha256-[A-Za-z0-9+/=]+';", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        // Self-contained: nothing loaded from elsewhere, and no document text handed to the HTML parser.
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("innerHTML", html);
        Assert.DoesNotContain("http", html);
    }

    private static List<string> OperationIds(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Value is JsonObject o && o.ContainsKey("operationId")))
            .Select(m => (string)m.Value!["operationId"]!)
            .ToList();

    [GeneratedRegex("data-operation-id=\"([^\"]+)\"")]
    private static partial Regex RenderedOperationIds();
}
