using System.Collections;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OpenTelemetry.Trace;

namespace LeadFunctions.IntegrationTests.EndToEnd;

/// <summary>
/// One batch followed in the telemetry the host emits (an in-memory exporter beside the app's own registration): its
/// upload, its ingest and the scoring of each of its leads carry its <c>batch_id</c>, and the AI calls are dependencies
/// of the lead they score.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BatchTraceTests(AzuriteFixture storage)
{
    private static readonly TimeSpan SpansTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_batch_id_of_an_upload_is_on_its_ingest_and_on_the_scoring_of_each_of_its_leads()
    {
        var spans = new LockedList<Activity>();
        await using var ai = await FakeOpenAiServer.StartAsync();
        ai.DefaultReply = _ => FakeReply.Intent("High", "Clear buying signals.");
        await using var host = await RunningLocalHost.StartAsync(
            storage,
            new Dictionary<string, string?>
            {
                ["Ai:Provider"] = "OpenAI",
                ["Ai:Endpoint"] = ai.OpenAiBaseUri.ToString(),
                ["Ai:ApiKey"] = "test-key",
                ["Ai:Model"] = "fake-model",
            },
            configureServices: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();

        var batchId = await api.UploadAcceptedAsync(offerId, Encoding.UTF8.GetBytes(PipelineEndToEndTests.SeedCsv));
        var batch = await api.WaitForBatchAsync(batchId);
        Assert.Equal("completed", batch["status"]!.GetValue<string>());
        var leads = await host.Http.GetFromJsonAsync<JsonObject>($"/api/leads?batch_id={batchId}");
        var leadIds = leads!["results"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(3, leadIds.Count);

        // A span is exported when it ends, just after the work that completes the batch.
        Activity[] scored = [];
        await Eventually.TrueAsync(
            () => Task.FromResult((scored = OfBatch(spans, "ScoreLead", batchId)).Length >= leadIds.Count),
            SpansTimeout,
            TimeSpan.FromMilliseconds(100),
            () => $"a ScoreLead span for each of the {leadIds.Count} leads of {batchId}; saw {scored.Length}");

        var upload = Assert.Single(OfBatch(spans, "UploadLeads", batchId));
        Assert.Equal(offerId, upload.GetTagItem(LeadTelemetry.OfferIdTag));
        var ingest = Assert.Single(OfBatch(spans, "IngestUploadedCsv", batchId));
        Assert.Equal(offerId, ingest.GetTagItem(LeadTelemetry.OfferIdTag));
        // The file's segments are ingested by queue messages of their own, each span joined to the batch.
        var segments = OfBatch(spans, "IngestSegment", batchId);
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.Equal(offerId, s.GetTagItem(LeadTelemetry.OfferIdTag)));
        Assert.Equal(leadIds, scored.Select(s => (string)s.GetTagItem(LeadTelemetry.LeadIdTag)!).ToHashSet());
        Assert.All(scored, s => Assert.Equal(offerId, s.GetTagItem(LeadTelemetry.OfferIdTag)));
        Assert.All(scored, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));

        // The upload's storage calls (the batch row, the blob) are Azure SDK dependencies inside its span.
        Assert.Contains(spans.Snapshot(), s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) && s.ParentSpanId == upload.SpanId);

        // Each AI call is an HTTP dependency inside the span of the lead it scores.
        var scoredSpanIds = scored.Select(s => s.SpanId).ToHashSet();
        var aiCalls = spans.Snapshot()
            .Where(s => s.Kind == ActivityKind.Client && s.GetTagItem("server.port") is int port && port == ai.BaseUri.Port)
            .ToArray();
        Assert.Equal(ai.CallCount, aiCalls.Length);
        Assert.NotEmpty(aiCalls);
        Assert.All(aiCalls, call => Assert.Contains(call.ParentSpanId, scoredSpanIds));
    }

    private static Activity[] OfBatch(LockedList<Activity> spans, string name, string batchId) =>
        spans.Snapshot()
            .Where(s => s.Source.Name == LeadTelemetry.SourceName && s.DisplayName == name && Equals(s.GetTagItem(LeadTelemetry.BatchIdTag), batchId))
            .ToArray();

    /// <summary>The exporter adds from the threads that end spans while the test reads.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public T[] Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
