namespace LeadFunctions.IntegrationTests.Functions;

/// <summary>A host with two offers of 30 scored leads each (one batch per offer), uploaded and scored rules-only, once per test class.</summary>
public sealed class TwoOfferLeadsFixture(AzuriteFixture storage) : SeededHostFixture(storage)
{
    public const int LeadsPerOffer = 30;

    private static readonly TimeSpan SeedTimeout = TimeSpan.FromMinutes(5);

    public string OfferA { get; private set; } = "";

    public string OfferB { get; private set; } = "";

    public string BatchA { get; private set; } = "";

    public string BatchB { get; private set; } = "";

    public IReadOnlyList<GeneratedLead> LeadsA { get; } = new LeadGenerator("A", 21).Leads(LeadsPerOffer);

    public IReadOnlyList<GeneratedLead> LeadsB { get; } = new LeadGenerator("B", 22).Leads(LeadsPerOffer);

    protected override async Task SeedAsync()
    {
        OfferA = await Api.CreateOfferAsync("Offer A");
        OfferB = await Api.CreateOfferAsync("Offer B");
        BatchA = await Api.UploadAsync(OfferA, LeadGenerator.ToCsv(LeadsA));
        BatchB = await Api.UploadAsync(OfferB, LeadGenerator.ToCsv(LeadsB));
        await Api.WaitForCompletedBatchAsync(BatchA, SeedTimeout);
        await Api.WaitForCompletedBatchAsync(BatchB, SeedTimeout);
    }
}
