using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>The outcome a hostile input must get.</summary>
public abstract record Expectation
{
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(3);

    public abstract Task AssertAsync(CorpusContext context, CorpusReply reply);

    /// <summary>An RFC 9457 problem with this status; for a validation problem, <paramref name="ErrorField"/> is among its errors.</summary>
    public sealed record Problem(int Status, string? ErrorField = null) : Expectation
    {
        public override Task AssertAsync(CorpusContext context, CorpusReply reply)
        {
            Assert.True(reply.Status == Status, $"expected {Status}, got {reply.Status}: {reply.Body}");
            Assert.Equal(Problems.ContentType, reply.ContentType);
            var problem = JsonNode.Parse(reply.Body)!;
            Assert.Equal(Status, problem["status"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
            Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
            if (ErrorField is not null)
            {
                Assert.True(problem["errors"]?[ErrorField] is JsonArray { Count: > 0 }, $"no errors.{ErrorField} in {reply.Body}");
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Refused by the web server before any app code runs (Kestrel answers a NUL in the path with a bare 400): a 4xx,
    /// never a 5xx, and no problem body, which only the app could write.
    /// </summary>
    public sealed record ServerRefusal(int Status) : Expectation
    {
        public override Task AssertAsync(CorpusContext context, CorpusReply reply)
        {
            Assert.True(reply.Status == Status, $"expected {Status}, got {reply.Status}: {reply.Body}");
            return Task.CompletedTask;
        }
    }

    /// <summary>The client hung up before an answer: none comes, and nothing was stored for the offer.</summary>
    public sealed record NoAnswer : Expectation
    {
        public override async Task AssertAsync(CorpusContext context, CorpusReply reply)
        {
            Assert.True(reply.Status == 0, $"expected no answer, got {reply.Status}: {reply.Body}");
            var batches = await context.Http.GetStringAsync($"/api/batches?offer_id={context.OfferId}");
            Assert.Empty(JsonNode.Parse(batches)!["results"]!.AsArray());
        }
    }

    /// <summary>Accepted as a batch that ends <paramref name="Status"/> with these rows; a completed batch keeps every guarantee of docs/guarantees.md.</summary>
    public sealed record Batch(string Status, long Accepted, long Rejected, long Duplicates = 0) : Expectation
    {
        /// <summary>More to check on the leads of a completed batch.</summary>
        public Func<CorpusContext, SettledBatch, Task>? Then { get; init; }

        public override async Task AssertAsync(CorpusContext context, CorpusReply reply)
        {
            Assert.True(reply.BatchId is not null, $"expected an accepted batch, got {reply.Status}: {reply.Body}");
            var batch = await context.Api.WaitForCompletionAsync(reply.BatchId, BatchTimeout);
            Assert.Equal(Status, LeadApi.Status(batch));
            Assert.Equal(Accepted, LeadApi.Number(batch, "rows_accepted"));
            Assert.Equal(Rejected, LeadApi.Number(batch, "rows_rejected"));
            Assert.Equal(Duplicates, LeadApi.Number(batch, "duplicates"));

            // Every rejected row and a failed batch say why.
            var errors = batch["errors"]!.AsArray();
            Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e!["message"]!.GetValue<string>())));
            Assert.Equal(Rejected + (Status == "failed" ? 1 : 0), errors.Count);
            if (Status == "completed")
            {
                var settled = await BatchGuarantees.AssertSettledAsync(context.Api, context.Names, context.OfferId, reply.BatchId, Accepted);
                if (Then is not null)
                {
                    await Then(context, settled);
                }
            }
        }
    }
}
