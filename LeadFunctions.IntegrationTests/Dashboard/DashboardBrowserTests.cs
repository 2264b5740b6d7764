using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against the local host: everything a user does through the page, checked against
/// what the API says. Screenshots go to TestResults/dashboard/ at the repository root.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardBrowserTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private const int Leads = 70;
    private const int PageSize = 50;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly LeadApi _api = fixture.Api;

    private Uri BaseUri => _api.Http.BaseAddress!;

    [Fact]
    public async Task Through_the_page_an_offer_is_created_and_edited_a_csv_uploaded_and_scored_leads_charted_listed_filtered_and_exported()
    {
        var work = Directory.CreateTempSubdirectory("dashboard-test-");
        var csv = Path.Combine(work.FullName, "leads.csv");
        // Two rows with neither name nor company are rejected with their line numbers (the header is line 1).
        await File.WriteAllTextAsync(csv, LeadGenerator.ToCsv(new LeadGenerator("dash", 11).Leads(Leads))
            + "\"\",\"CTO\",\"\",\"SaaS\",\"Pune\",\"bio\"\n\"\",\"CEO\",\"\",\"SaaS\",\"Pune\",\"bio\"\n");
        var downloads = Directory.CreateDirectory(Path.Combine(work.FullName, "downloads")).FullName;

        await using var browser = await ChromiumSession.StartAsync(1280, 800);
        await browser.AllowDownloadsAsync(downloads);
        await browser.NavigateAsync(new Uri(BaseUri, "/api/dashboard"));
        await browser.WaitUntilAsync("document.getElementById('status').textContent !== 'Loading…'", Wait);
        Assert.Equal(0, (int?)await browser.EvaluateAsync(
            "[...document.querySelectorAll('input, select, textarea')].filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).length"));

        // Create, then edit, an offer with the form.
        var name = "Dashboard " + Guid.NewGuid().ToString("N")[..8];
        await browser.EvaluateAsync($$"""
            document.getElementById('offer-new').click();
            document.getElementById('offer-name').value = {{Js(name)}};
            document.getElementById('offer-use-cases').value = {{Js(LeadGenerator.IdealUseCase)}};
            document.getElementById('offer-save').click();
            """);
        await browser.WaitUntilAsync($"[...document.querySelectorAll('#offer-list button')].some(b => b.textContent === {Js(name)} && b.getAttribute('aria-pressed') === 'true')", Wait);
        var offerId = (string)(await browser.EvaluateAsync("document.querySelector('#offer-list button[aria-pressed=true]').dataset.offerId"))!;
        await browser.WaitUntilAsync("document.getElementById('offer-save').textContent === 'Save changes'", Wait);
        await browser.EvaluateAsync("""
            document.getElementById('offer-value-props').value = 'Fewer manual steps\nScores in minutes';
            document.getElementById('offer-save').click();
            """);
        await browser.WaitUntilAsync("document.getElementById('status').textContent.startsWith('Offer:')", Wait);
        var offer = (await _api.Http.GetFromJsonAsync<JsonObject>($"/api/offer/{offerId}"))!;
        Assert.Equal(name, (string?)offer["name"]);
        Assert.Equal([LeadGenerator.IdealUseCase], offer["ideal_use_cases"]!.AsArray().Select(v => (string)v!));
        await Eventually.TrueAsync(async () => (await _api.Http.GetFromJsonAsync<JsonObject>($"/api/offer/{offerId}"))!["value_props"]!.AsArray().Count == 2,
            Wait, TimeSpan.FromMilliseconds(200), () => "The edited value propositions were not saved.");

        // Upload with the file picker, then watch the batch end.
        await browser.SetFileInputFilesAsync("#file-input", [csv]);
        await browser.WaitUntilAsync("document.getElementById('upload-result').dataset.uploadedBatchId !== undefined", Wait);
        var batchId = (string)(await browser.EvaluateAsync("document.getElementById('upload-result').dataset.uploadedBatchId"))!;
        var batchSelector = $"li[data-batch-id='{batchId}']";
        await browser.WaitForSelectorAsync($"{batchSelector}[data-percent='100']", LeadApi.BatchTimeout + Wait);
        var batch = await _api.WaitForBatchAsync(batchId);
        Assert.Equal(("completed", Leads, 2L), ((string?)batch["status"], batch["scored"]!.GetValue<int>(), batch["rows_rejected"]!.GetValue<long>()));
        await browser.WaitForSelectorAsync($"{batchSelector} li[data-row='{Leads + 2}']", Wait);
        Assert.Contains("Line 73", (string?)await browser.EvaluateAsync($"document.querySelector(\"{batchSelector} li[data-row='73']\").textContent"));

        // The histogram is exact for the whole offer.
        var leads = await _api.LeadsAsync(offerId);
        Assert.Equal(Leads, leads.Count);
        var expected = new long[LeadSummaryBuilder.BucketCount];
        foreach (var lead in leads)
        {
            expected[LeadSummaryBuilder.BucketOf(lead["score"]!.GetValue<int>())]++;
        }

        await browser.WaitUntilAsync($"[...document.querySelectorAll('[data-histogram-bucket]')].reduce((n, b) => n + +b.dataset.count, 0) === {Leads}", Wait);
        var bars = await EvaluateJsonAsync<long[][]>(browser,
            "[...document.querySelectorAll('#histogram [data-histogram-bucket]')].map(b => [+b.dataset.histogramBucket, +b.dataset.count])");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), bars.Select(b => b[0]));
        Assert.Equal(expected, bars.Select(b => b[1]));

        // Leads in score order, one page, then the rest by cursor.
        await browser.WaitUntilAsync($"document.querySelectorAll('#lead-rows tr[data-lead-id]').length === {PageSize}", Wait);
        await browser.EvaluateAsync("document.getElementById('load-more').click()");
        await browser.WaitUntilAsync($"document.querySelectorAll('#lead-rows tr[data-lead-id]').length === {Leads}", Wait);
        var rows = await RowsAsync(browser);
        Assert.Equal(leads.Select(l => (string)l["id"]!).Order(), rows.Select(r => r.Id).Order());
        AssertNonIncreasing(rows);
        Assert.True((bool)(await browser.EvaluateAsync("document.getElementById('load-more').hidden"))!);

        // Filter by intent: only that intent, as many as the API counts.
        var intent = leads.GroupBy(l => (string)l["intent"]!).OrderByDescending(g => g.Count()).First();
        await browser.EvaluateAsync($$"""
            const select = document.getElementById('filter-intent');
            select.value = {{Js(intent.Key)}};
            select.dispatchEvent(new Event('change'));
            """);
        await browser.WaitUntilAsync(
            $"document.getElementById('lead-count').dataset.total === '{intent.Count()}' && [...document.querySelectorAll('#lead-rows tr')].every(r => r.dataset.intent === {Js(intent.Key)})",
            Wait);
        var filtered = await RowsAsync(browser);
        Assert.Equal(Math.Min(intent.Count(), PageSize), filtered.Count);
        AssertNonIncreasing(filtered);

        // Export the same filter.
        await browser.EvaluateAsync("document.getElementById('export').click()");
        var exported = Path.Combine(downloads, "leads_export.csv");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(exported) && Directory.GetFiles(downloads, "*.crdownload").Length == 0),
            Wait, TimeSpan.FromMilliseconds(200), () => $"No export in {downloads}: {string.Join(", ", Directory.GetFiles(downloads))}");
        var lines = (await File.ReadAllLinesAsync(exported)).Where(l => l.Length > 0).ToList();
        Assert.Equal("Name,Role,Company,Industry,Location,Intent,Score,Reasoning", lines[0]);
        Assert.Equal(intent.Count(), lines.Count - 1);
        Assert.All(intent, lead => Assert.Contains(lines, line => line.Contains((string)lead["company"]!, StringComparison.Ordinal)));

        await ScreenshotsAsync(browser, "dashboard-offer");

        Assert.All(browser.RequestedUrls, AssertStaysOnTheHost);
        Assert.DoesNotContain(browser.PageErrors, e => e.StartsWith("exception", StringComparison.Ordinal) || e.Contains("Content Security Policy", StringComparison.Ordinal));
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task The_offer_id_in_the_address_opens_the_page_on_that_offer_with_its_finished_batch()
    {
        var other = await _api.CreateOfferAsync("Another offer");
        var offerId = await _api.CreateOfferAsync("Opened by address", LeadGenerator.IdealUseCase);
        var batchId = await _api.UploadAcceptedAsync(offerId, Encoding.UTF8.GetBytes(LeadGenerator.ToCsv(new LeadGenerator("addr", 5).Leads(12))));
        await _api.WaitForBatchAsync(batchId);

        await using var browser = await ChromiumSession.StartAsync(1280, 800);
        await browser.NavigateAsync(new Uri(BaseUri, $"/api/dashboard?offer_id={offerId}"));

        await browser.WaitForSelectorAsync($"#offer-list button[data-offer-id='{offerId}'][aria-pressed='true']", Wait);
        await browser.WaitForSelectorAsync($"li[data-batch-id='{batchId}'][data-percent='100']", Wait);
        await browser.WaitUntilAsync("document.querySelectorAll('#lead-rows tr[data-lead-id]').length === 12", Wait);
        Assert.Equal("false", (string?)await browser.EvaluateAsync($"document.querySelector(\"#offer-list button[data-offer-id='{other}']\").getAttribute('aria-pressed')"));
        AssertNonIncreasing(await RowsAsync(browser));
        await browser.WaitUntilAsync("[...document.querySelectorAll('[data-histogram-bucket]')].reduce((n, b) => n + +b.dataset.count, 0) === 12", Wait);
    }

    private static async Task ScreenshotsAsync(ChromiumSession browser, string name)
    {
        var directory = RepositoryRoot.Combine("TestResults", "dashboard");
        var desktop = Path.Combine(directory, $"{name}-1280x800.png");
        var phone = Path.Combine(directory, $"{name}-390x844.png");
        await browser.EvaluateAsync("window.scrollTo(0, 0)");
        await browser.ScreenshotAsync(desktop);
        await browser.EvaluateAsync("document.getElementById('batches').scrollIntoView()");
        await browser.ScreenshotAsync(Path.Combine(directory, $"{name}-batches-and-leads-1280x800.png"));
        await browser.EvaluateAsync("window.scrollTo(0, 0)");

        await browser.SetViewportAsync(390, 844, mobile: true);
        await browser.WaitUntilAsync("window.innerWidth === 390", Wait);
        // Readable on a phone: the page itself never scrolls sideways (wide tables scroll inside their own box).
        Assert.True((bool)(await browser.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"))!,
            $"The page is wider than a 390 px phone: {await browser.EvaluateAsync("document.documentElement.scrollWidth")} px.");
        await browser.ScreenshotAsync(phone);
        await browser.SetViewportAsync(1280, 800);

        Assert.All([desktop, phone], png => Assert.True(new FileInfo(png).Length > 10_000, $"{png} is missing or blank."));
    }

    private void AssertStaysOnTheHost(string url)
    {
        var uri = new Uri(url.StartsWith("blob:", StringComparison.Ordinal) ? url["blob:".Length..] : url);
        Assert.True(uri.Scheme == "about" || (uri.Host == "127.0.0.1" && uri.Port == BaseUri.Port), $"The page requested {url}.");
    }

    private static async Task<List<(string Id, int Score)>> RowsAsync(ChromiumSession browser) =>
        (await EvaluateJsonAsync<string[][]>(browser, "[...document.querySelectorAll('#lead-rows tr[data-lead-id]')].map(r => [r.dataset.leadId, r.dataset.score])"))
            .Select(r => (r[0], int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    private static void AssertNonIncreasing(List<(string Id, int Score)> rows)
    {
        Assert.NotEmpty(rows);
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i].Score <= rows[i - 1].Score, $"Row {i} scores {rows[i].Score} after {rows[i - 1].Score}.");
        }
    }

    private static async Task<T> EvaluateJsonAsync<T>(ChromiumSession browser, string expression) =>
        (await browser.EvaluateAsync(expression))!.Deserialize<T>()!;

    private static string Js(string text) => JsonSerializer.Serialize(text);
}
