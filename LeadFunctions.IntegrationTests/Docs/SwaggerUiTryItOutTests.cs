using System.Text.Json;
namespace LeadFunctions.IntegrationTests.Docs;

/// <summary>
/// Swagger UI at /api/docs of the running app (the local host, in process), driven in headless Chromium through the
/// DevTools protocol: "Try it out" → "Execute" reaches the app that serves the page, past the browser guard, and
/// nothing is loaded from anywhere else.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SwaggerUiTryItOutTests(AzuriteFixture storage)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Try_it_out_on_health_shows_200_and_an_offer_post_is_created_without_a_cross_origin_refusal()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var origin = host.Http.BaseAddress!;
        await using var browser = await ChromiumSession.StartAsync(1280, 1600);

        await browser.NavigateAsync(new Uri(origin, "/api/docs"));
        await browser.WaitUntilAsync("document.body.dataset.swaggerUi === 'ready'", Wait);

        Assert.Equal("200", await ExecuteAsync(browser, "operations-Service-Health"));

        // An unsafe method from the page: the browser guard must let Swagger UI's same-origin request through.
        var offer = JsonSerializer.Serialize(JsonSerializer.Serialize(new
        {
            name = "Swagger UI offer",
            value_props = new[] { "tried out" },
            ideal_use_cases = new[] { "B2B SaaS" },
        }));
        Assert.Equal("201", await ExecuteAsync(browser, "operations-Offers-CreateOffer", $$"""
            (() => {
              const area = document.querySelector('#operations-Offers-CreateOffer textarea.body-param__text');
              Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(area, {{offer}});
              area.dispatchEvent(new Event('input', { bubbles: true }));
            })()
            """));
        var offers = await host.Http.GetStringAsync("/api/offer");
        Assert.Contains("Swagger UI offer", offers);

        await browser.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, "api-docs-try-it-out.png"));
        // Everything came from the app itself, or inline (Swagger UI's data: icons).
        var own = origin.GetLeftPart(UriPartial.Authority) + "/";
        Assert.Contains(browser.RequestedUrls, url => url == own + "api/docs/swagger-ui-bundle.js");
        Assert.All(browser.RequestedUrls, url => Assert.True(url.StartsWith(own, StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));
        Assert.DoesNotContain(browser.PageErrors, error => error.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Opens the operation, presses "Try it out", runs <paramref name="edit"/>, presses "Execute"; returns the shown status.</summary>
    private static async Task<string> ExecuteAsync(ChromiumSession browser, string operationId, string? edit = null)
    {
        var op = $"#{operationId}";
        await browser.EvaluateAsync($"document.querySelector('{op} .opblock-summary-control').click()");
        await browser.WaitForSelectorAsync($"{op} .try-out__btn", Wait);
        await browser.EvaluateAsync($"document.querySelector('{op} .try-out__btn').click()");
        await browser.WaitForSelectorAsync($"{op} .btn.execute", Wait);
        if (edit is not null)
        {
            await browser.EvaluateAsync(edit);
        }

        await browser.EvaluateAsync($"document.querySelector('{op} .btn.execute').click()");
        var status = $"document.querySelector('{op} .live-responses-table tbody .response-col_status')";
        await browser.WaitUntilAsync($"{status} !== null && {status}.textContent.trim() !== ''", Wait);
        return ((string?)await browser.EvaluateAsync($"{status}.textContent.trim()"))!;
    }
}
