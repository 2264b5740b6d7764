using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.IntegrationTests.Testing;

/// <summary>The DevTools driver the browser tests share: each verb against a tiny page served on 127.0.0.1.</summary>
public sealed class ChromiumSessionTests
{
    private const string Page = """
        <!doctype html><html><body>
        <label for="f">File</label><input id="f" type="file">
        <p id="out"></p>
        <script>
          document.getElementById('f').addEventListener('change', async function (e) {
            document.getElementById('out').textContent = e.target.files[0].name + ':' + (await e.target.files[0].text());
          });
          setTimeout(function () { document.body.dataset.late = 'yes'; }, 300);
        </script>
        </body></html>
        """;

    [Fact]
    public async Task Navigates_evaluates_waits_sets_files_and_screenshots_then_leaves_no_process()
    {
        await using var server = await StartServerAsync();
        var file = Path.Combine(Directory.CreateTempSubdirectory("chromium-session-").FullName, "leads.csv");
        await File.WriteAllTextAsync(file, "name,company");
        var png = Path.Combine(AppContext.BaseDirectory, "chromium-session.png");
        File.Delete(png);
        JsonNode? afterFailure;
        int processId;

        await using (var browser = await ChromiumSession.StartAsync(800, 600))
        {
            processId = browser.ProcessId;
            await browser.NavigateAsync(new Uri(BaseAddress(server), "/page"));
            Assert.Equal("File", (string?)await browser.EvaluateAsync("document.querySelector('label').textContent"));
            Assert.Equal(42, (int?)await browser.EvaluateAsync("Promise.resolve(40 + 2)"));

            await browser.WaitUntilAsync("document.body.dataset.late === 'yes'", TimeSpan.FromSeconds(10));
            await browser.SetFileInputFilesAsync("#f", [file]);
            await browser.WaitUntilAsync("document.getElementById('out').textContent !== ''", TimeSpan.FromSeconds(10));
            Assert.Equal("leads.csv:name,company", (string?)await browser.EvaluateAsync("document.getElementById('out').textContent"));

            await browser.ScreenshotAsync(png);
            Assert.Contains(browser.RequestedUrls, url => url.EndsWith("/page", StringComparison.Ordinal));
            Assert.DoesNotContain(browser.PageErrors, error => error.StartsWith("exception", StringComparison.Ordinal));
            await Assert.ThrowsAsync<TimeoutException>(() => browser.WaitUntilAsync("false", TimeSpan.FromMilliseconds(300)));
            await Assert.ThrowsAsync<InvalidOperationException>(() => browser.EvaluateAsync("(() => { throw new Error('boom'); })()"));
            afterFailure = await browser.EvaluateAsync("1"); // the session stays usable after a failed evaluation
        }

        Assert.Equal(1, (int?)afterFailure);
        Assert.True(HasExited(processId), $"Chromium ({processId}) still runs after dispose.");
        Assert.True(new FileInfo(png).Length > 1_000, "The screenshot is missing or empty.");
    }

    private static async Task<WebApplication> StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/page", () => Microsoft.AspNetCore.Http.Results.Content(Page, "text/html"));
        await app.StartAsync();
        return app;
    }

    private static bool HasExited(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static Uri BaseAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
}
