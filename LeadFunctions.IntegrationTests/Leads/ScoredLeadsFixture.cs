namespace LeadFunctions.IntegrationTests.Leads;

/// <summary>
/// 2,500 leads scored rules-only through the whole pipeline, once per test class: offer A with batches A1 (1,000) and
/// A2 (500), offer B with batch B1 (1,000). The same names occur in both offers, so merged pages interleave them.
/// </summary>
public sealed class ScoredLeadsFixture(AzuriteFixture storage) : SeededHostFixture(storage)
{
    private static readonly TimeSpan SeedTimeout = TimeSpan.FromMinutes(10);

    public string OfferA { get; private set; } = "";

    public string OfferB { get; private set; } = "";

    /// <summary>Batch id → the offer it belongs to and the leads it holds.</summary>
    public IReadOnlyDictionary<string, SeededBatch> Batches { get; private set; } = new Dictionary<string, SeededBatch>();

    public IEnumerable<SeededLead> Leads => Batches.Values.SelectMany(b => b.Leads.Select(l => new SeededLead(b.OfferId, b.BatchId, l)));

    protected override async Task SeedAsync()
    {
        OfferA = await Api.CreateOfferAsync("Offer A");
        OfferB = await Api.CreateOfferAsync("Offer B");

        var files = new[]
        {
            (OfferA, Leads: new LeadGenerator("A1", 1).Leads(1_000)),
            (OfferA, Leads: new LeadGenerator("A2", 2).Leads(500)),
            (OfferB, Leads: new LeadGenerator("B1", 3).Leads(1_000)),
        };
        var batches = new Dictionary<string, SeededBatch>();
        foreach (var (offerId, leads) in files)
        {
            var batchId = await Api.UploadAsync(offerId, LeadGenerator.ToCsv(leads));
            batches[batchId] = new SeededBatch(offerId, batchId, leads);
        }

        foreach (var batchId in batches.Keys)
        {
            await Api.WaitForCompletedBatchAsync(batchId, SeedTimeout);
        }

        Batches = batches;
    }
}

public sealed record SeededBatch(string OfferId, string BatchId, IReadOnlyList<GeneratedLead> Leads);

public sealed record SeededLead(string OfferId, string BatchId, GeneratedLead Lead);
