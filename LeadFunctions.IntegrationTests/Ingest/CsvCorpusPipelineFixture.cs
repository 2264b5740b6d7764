using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>What became of one corpus file sent through the pipeline: the upload's answer, then the batch and its leads.</summary>
public sealed record CorpusRun(string OfferId, HttpStatusCode UploadStatus, string? ContentType, JsonObject? Body, JsonObject? Batch, IReadOnlyList<JsonObject> Leads);

/// <summary>
/// Sends every file of <see cref="CsvCorpus"/> through one local host — each with its own offer, uploaded over HTTP, and
/// a few also dropped into the uploads container — when the class starts. The files are written one after another but
/// their batches are awaited together, so the corpus costs about one pipeline round trip instead of one per file.
/// Each test awaits the run of its own file.
/// </summary>
public sealed class CsvCorpusPipelineFixture(AzuriteFixture storage) : IAsyncLifetime
{
    /// <summary>Files also written straight into the uploads container: good, broken-row and unreadable ones.</summary>
    public static readonly string[] DroppedCases =
    [
        "seed", "header_in_other_case_and_spacing_with_bom", "semicolon_separated", "quote_never_closed_swallows_to_the_end",
        "duplicates_inside_the_file", "missing_columns", "empty_file", "header_only", "random_binary", "zip_archive",
    ];

    private readonly Dictionary<string, Task<CorpusRun>> _uploads = [];
    private readonly Dictionary<string, Task<CorpusRun>> _drops = [];
    private RunningLocalHost? _host;

    public LeadApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _host = await RunningLocalHost.StartAsync(storage);
        Api = new LeadApi(_host, storage);
        foreach (var name in CsvCorpus.Cases.Keys)
        {
            _uploads[name] = UploadAsync(name, CsvCorpus.Cases[name].Bytes);
        }

        foreach (var name in DroppedCases)
        {
            _drops[name] = DropAsync(name, CsvCorpus.Cases[name].Bytes);
        }
    }

    public Task<CorpusRun> UploadedAsync(string name) => _uploads[name];

    public Task<CorpusRun> DroppedAsync(string name) => _drops[name];

    public async Task DisposeAsync()
    {
        // Let runs that no test awaited finish (their failures were reported by the tests that own them).
        await Task.WhenAny(Task.WhenAll(_uploads.Values.Concat(_drops.Values)), Task.Delay(LeadApi.BatchTimeout));
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private async Task<CorpusRun> UploadAsync(string name, byte[] bytes)
    {
        var offerId = await Api.CreateOfferAsync($"Corpus {name}");
        using var response = await Api.UploadRawAsync(offerId, bytes);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return new CorpusRun(offerId, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, null, []);
        }

        var batch = await Api.WaitForBatchAsync(body!["batch_id"]!.GetValue<string>());
        return new CorpusRun(offerId, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, batch, await Api.LeadsAsync(offerId));
    }

    private async Task<CorpusRun> DropAsync(string name, byte[] bytes)
    {
        var offerId = await Api.CreateOfferAsync($"Dropped {name}");
        var batchId = await Api.DropAsync($"{offerId}/{name}.csv", BinaryData.FromBytes(bytes));
        var batch = await Api.WaitForBatchAsync(batchId);
        return new CorpusRun(offerId, HttpStatusCode.Accepted, null, null, batch, await Api.LeadsAsync(offerId));
    }
}
