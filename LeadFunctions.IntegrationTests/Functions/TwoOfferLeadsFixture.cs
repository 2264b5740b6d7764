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

    public IReadOnlyList<GeneratedLead> LeadsA { get; } = LeadCsvGenerator.Generate(LeadsPerOffer, "A", seed: 21);

    public IReadOnlyList<GeneratedLead> LeadsB { get; } = LeadCsvGenerator.Generate(LeadsPerOffer, "B", seed: 22);

    protected override async Task SeedAsync()
    {
        OfferA = await Api.CreateOfferAsync("Offer A");
        OfferB = await Api.CreateOfferAsync("Offer B");
        BatchA = await Api.UploadAsync(OfferA, LeadCsvGenerator.ToCsv(LeadsA));
        BatchB = await Api.UploadAsync(OfferB, LeadCsvGenerator.ToCsv(LeadsB));
        await Api.WaitForCompletedBatchAsync(BatchA, SeedTimeout);
        await Api.WaitForCompletedBatchAsync(BatchB, SeedTimeout);
    }
}
