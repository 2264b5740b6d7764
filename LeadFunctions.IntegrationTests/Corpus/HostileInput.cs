using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>One hostile input of the corpus: how to send it, and what the API must make of it.</summary>
public sealed record HostileInput(string Name, Func<CorpusContext, Task<CorpusReply>> Send, Expectation Expected)
{
    public override string ToString() => Name;
}

/// <summary>
/// What came back: an HTTP status (0 when the connection closed without an answer; null for a file dropped straight
/// into storage), its content type and body, and the batch an accepted upload or a dropped file became.
/// </summary>
public sealed record CorpusReply(int? Status, string? ContentType, string Body, string? BatchId = null)
{
    public static CorpusReply Dropped(string batchId) => new(null, null, "", batchId);

    public static async Task<CorpusReply> FromAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var batchId = (int)response.StatusCode == 202 ? JsonNode.Parse(body)?["batch_id"]?.GetValue<string>() : null;
            return new CorpusReply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, batchId);
        }
    }
}

/// <summary>What one case works with: the API of the shared host, its storage names, and an offer of its own.</summary>
public sealed record CorpusContext(LeadApi Api, PipelineNames Names, string OfferId)
{
    public HttpClient Http => Api.Http;
}
