using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.IntegrationTests.Dashboard;

/// <summary>
/// The function key as Azure asks for it: the dashboard's functions behind an API that answers 401 without
/// <c>x-functions-key</c>, as the Functions host does for <c>AuthorizationLevel.Function</c>.
/// </summary>
public sealed class DashboardKeyTests
{
    private const string Key = "test-function-key";

    [Fact]
    public async Task A_401_makes_the_page_ask_for_the_key_once_then_send_it_as_x_functions_key_kept_in_session_storage_only()
    {
        var seenKeys = new ConcurrentQueue<string>();
        await using var app = await StartAsync(seenKeys);

        await using var browser = await ChromiumSession.StartAsync(1280, 800);
        await browser.NavigateAsync(new Uri(LoopbackWebApp.Address(app), "/api/dashboard"));
        await browser.WaitUntilAsync("!document.getElementById('key-form').hidden", TimeSpan.FromSeconds(30));
        Assert.Equal("key-input", (string?)await browser.EvaluateAsync("document.activeElement.id"));

        await browser.EvaluateAsync($"document.getElementById('key-input').value = '{Key}'; document.getElementById('key-form').requestSubmit()");

        await browser.WaitUntilAsync("document.getElementById('status').textContent === 'No offer selected.'", TimeSpan.FromSeconds(30));
        Assert.True((bool)(await browser.EvaluateAsync("document.getElementById('key-form').hidden"))!);
        Assert.Equal(Key, (string?)await browser.EvaluateAsync("sessionStorage.getItem('leadfunctions.functionKey')"));
        Assert.Equal(0, (int?)await browser.EvaluateAsync("localStorage.length"));
        Assert.Equal(["", Key], seenKeys);
        Assert.DoesNotContain(browser.RequestedUrls, url => url.Contains(Key, StringComparison.Ordinal));
    }

    private static async Task<WebApplication> StartAsync(ConcurrentQueue<string> seenKeys)
    {
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Services.AddMvcCore();
        var app = builder.Build();
        app.MapGet("/api/dashboard", context => LoopbackWebApp.ExecuteAsync(context, new DashboardFunction().Run(context.Request)));
        app.MapGet("/api/dashboard/{name}", context => LoopbackWebApp.ExecuteAsync(context, new DashboardAssetFunction().Run(context.Request, (string)context.GetRouteValue("name")!)));
        app.MapGet("/api/offer", context =>
        {
            var key = context.Request.Headers["x-functions-key"].ToString();
            seenKeys.Enqueue(key);
            return key == Key ? context.Response.WriteAsJsonAsync(Array.Empty<object>()) : LoopbackWebApp.ExecuteAsync(context, new UnauthorizedResult());
        });
        await app.StartAsync();
        return app;
    }
}
