using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.IntegrationTests.Results;

/// <summary>
/// Leads to export, once per test class. Offer "Bulk" holds 10,000 leads scored by the app's own rule scorer and
/// stored through the app's own <see cref="LeadPartitionWriter"/>, the way the scoring function stores a score, but
/// 16 to a transaction: sending each through the queue would take many minutes on a busy two-core machine and prove
/// nothing more about the export. Offer "Tricky" is uploaded and scored through the whole pipeline: one batch of
/// formula-like, quoted, comma and line-break text, and one batch of 40 plain leads.
/// </summary>
public sealed class ExportLeadsFixture(AzuriteFixture storage) : SeededHostFixture(storage)
{
    public const int BulkCount = 10_000;

    private const int ParallelTransactions = 8;
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromMinutes(5);

    public string BulkOffer { get; private set; } = "";

    public string TrickyOffer { get; private set; } = "";

    public string TrickyBatch { get; private set; } = "";

    public string PlainBatch { get; private set; } = "";

    public IReadOnlyList<GeneratedLead> BulkLeads { get; } = new LeadGenerator("Bulk", 10).Leads(BulkCount);

    /// <summary>The rows of the tricky batch as uploaded: formula starts in every exported column, quotes, commas, line breaks.</summary>
    public IReadOnlyList<LeadFields> TrickyLeads { get; } =
    [
        new("=HYPERLINK(\"http://evil.example\",\"click\")", "CEO", "Hyperlink Ltd", "B2B SaaS", "Pune", "=HYPERLINK(\"http://evil.example\")"),
        new("Cmd Runner", "+cmd|' /C calc'!A0", "Plus Co", "SaaS", "Pune", "+cmd|' /C calc'!A0"),
        new("Sum Person", "CTO", "@SUM(1+1)*cmd|' /C calc'!A0", "B2B SaaS", "Delhi", "@SUM(A1:A9)"),
        new("Minus Person", "Marketing Manager", "Minus Co", "-2+3", "Pune", "-2+3"),
        new("Tab Person", "Director", "Tab Co", "Retail", "\tLeading tab", "\tbio with a leading tab"),
        new("Ava \"The Boss\" Patel", "Head of Growth, APAC", "Quote, Comma & Co", "B2B SaaS", "Mumbai\nIndia", "Line one\nline \"two\""),
        new("Line\r\nBreak", "CEO", "Newline Co", "Retail", "Pune", "x"),
        new("Comma, Name", "CFO", "Comma Co", "B2B SaaS", "Berlin, DE", "a, b"),
        new("Mail Person", "Founder", "mail@example.com", "Retail", "Pune", "contact: =1+1"),
        new("=1+1", "=2+2", "=Formula Co", "=B2B SaaS", "=Pune", "=3+3"),
    ];

    protected override async Task SeedAsync()
    {
        BulkOffer = await Api.CreateOfferAsync("Bulk");
        TrickyOffer = await Api.CreateOfferAsync("Tricky");

        TrickyBatch = await Api.UploadAsync(TrickyOffer, LeadGenerator.ToCsv(TrickyLeads));
        PlainBatch = await Api.UploadAsync(TrickyOffer, LeadGenerator.ToCsv(new LeadGenerator("Plain", 11).Leads(40)));
        await WriteBulkAsync(Host.Services);
        await Api.WaitForCompletedBatchAsync(TrickyBatch, PipelineTimeout);
        await Api.WaitForCompletedBatchAsync(PlainBatch, PipelineTimeout);
    }

    private async Task WriteBulkAsync(IServiceProvider services)
    {
        var writer = services.GetRequiredService<LeadPartitionWriter>();
        var scorer = services.GetRequiredService<LeadScorer>();
        var offer = (await services.GetRequiredService<OfferRepository>().GetAsync(BulkOffer, CancellationToken.None))!.ToProfile();
        var batchId = "b" + Guid.NewGuid().ToString("N")[..31];
        var now = DateTimeOffset.UtcNow;

        var inFlight = new List<Task>();
        foreach (var chunk in BulkLeads.Chunk(LeadPartitionWriter.MaxLeadsPerTransaction))
        {
            var work = new List<LeadTransition>(chunk.Length);
            foreach (var lead in chunk)
            {
                var fields = lead.Fields;
                var score = await scorer.ScoreAsync(offer, fields, isLastAttempt: false, CancellationToken.None);
                var entity = new LeadEntity { Id = LeadIds.Create(BulkOffer, LeadIdentity.Id(fields)), BatchId = batchId, CreatedAt = now };
                entity.SetFields(fields);
                score.ApplyTo(entity, now);
                work.Add(LeadTransition.Imported(entity));
            }

            inFlight.Add(writer.ApplyAsync(BulkOffer, work, CancellationToken.None));
            if (inFlight.Count == ParallelTransactions)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
    }
}
