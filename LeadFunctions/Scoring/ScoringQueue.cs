using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Scoring;

/// <summary>Sends scoring messages (one per lead), in parallel, to the configured scoring queue.</summary>
public sealed class ScoringQueue
{
    /// <summary>
    /// Longest message body sent, in UTF-8 bytes: queue messages take 64 KiB, and the base64 the trigger expects
    /// (<see cref="StorageClientFactory.CreateQueueServiceClient"/>) makes 3 bytes 4. A lead that would not fit travels
    /// without its copy (<see cref="ScoreLeadMessage.Lead"/>) and scoring reads it.
    /// </summary>
    public const int MaxMessageBytes = 48 * 1024;

    private readonly QueueClient _queue;
    private readonly AsyncOnce _created;

    public ScoringQueue(QueueServiceClient service, IOptions<LeadScoringOptions> options)
    {
        _queue = service.GetQueueClient(options.Value.ScoringQueue);
        _created = new AsyncOnce(() => _queue.CreateIfNotExistsAsync());
    }

    public async Task SendAsync(IEnumerable<ScoreLeadMessage> messages, CancellationToken ct)
    {
        await _created.RunAsync(ct);
        await Task.WhenAll(messages.Select(m => _queue.SendMessageAsync(Serialize(m), ct)));
    }

    /// <summary>The message's body: with the lead's copy if it fits and reads back exactly, else without it.</summary>
    public static string Serialize(ScoreLeadMessage message)
    {
        var body = JsonSerializer.Serialize(message, JsonDefaults.Options);
        if (message.Lead is null)
        {
            return body;
        }

        // Read back: a copy that is not exactly the lead (text the JSON round trip would change) must not be written back.
        return Encoding.UTF8.GetByteCount(body) <= MaxMessageBytes && Parse(body)?.Lead is { } copy && SameCopy(copy, message.Lead)
            ? body
            : JsonSerializer.Serialize(message with { Lead = null }, JsonDefaults.Options);
    }

    /// <summary>The message for a lead a transition left queued in <paramref name="batchId"/>, with the lead's copy when its ETags are known.</summary>
    public static ScoreLeadMessage MessageFor(string batchId, LeadWritten written)
    {
        var lead = written.Lead ?? throw new ArgumentException("No lead to score.", nameof(written));
        var copy = lead.ETag != default && written.MarkerETag != default && written.MarkerState == MarkerStates.Queued && lead.BatchId == batchId
            ? new QueuedLead(lead.GetFields(), lead.CreatedAt, lead.ETag.ToString(), written.MarkerETag.ToString(), lead.GetClassification(), lead.IngestLine)
            : null;
        return new ScoreLeadMessage(lead.OfferId, lead.Id, batchId, copy);
    }

    /// <summary>What a message says is stored (the lead queued, counted queued by its batch), or null when it carries no copy.</summary>
    public static StoredLead? Assumed(ScoreLeadMessage message)
    {
        if (message.Lead is not { } copy)
        {
            return null;
        }

        var lead = new LeadEntity
        {
            PartitionKey = message.OfferId,
            RowKey = LeadKeys.Lead(message.LeadId),
            ETag = new ETag(copy.Etag),
            Id = message.LeadId,
            OfferId = message.OfferId,
            BatchId = message.BatchId,
            Status = LeadStatus.Queued,
            CreatedAt = copy.CreatedAt,
            IngestLine = copy.IngestLine,
        };
        lead.SetFields(copy.Fields);
        lead.SetClassification(copy.Classification);
        lead.IndexKey = LeadKeys.Index(lead);
        return new StoredLead(lead, MarkerStates.Queued, new ETag(copy.MarkerEtag));
    }

    public static ScoreLeadMessage? Parse(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<ScoreLeadMessage>(body, JsonDefaults.Options);
            if (message is null || !TableKeys.IsValid(message.OfferId) || !TableKeys.IsValid(message.LeadId) || !TableKeys.IsValid(message.BatchId))
            {
                return null;
            }

            // A copy missing a part is ignored, not trusted: scoring then reads the lead.
            return message.Lead is { } copy && !IsComplete(copy) ? message with { Lead = null } : message;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsComplete(QueuedLead copy) =>
        copy.Fields is { Name: not null, Role: not null, Company: not null, Industry: not null, Location: not null, LinkedinBio: not null }
        && !string.IsNullOrEmpty(copy.Etag)
        && !string.IsNullOrEmpty(copy.MarkerEtag)
        && (copy.Classification is null || (copy.Classification is { Key.Length: > 0, Classification.Reasoning: not null }
            && Enum.IsDefined(copy.Classification.Classification.Intent)));

    private static bool SameCopy(QueuedLead a, QueuedLead b) =>
        a.Fields == b.Fields && a.CreatedAt == b.CreatedAt && a.CreatedAt.Offset == b.CreatedAt.Offset && a.Etag == b.Etag
        && a.MarkerEtag == b.MarkerEtag && a.Classification == b.Classification && a.IngestLine == b.IngestLine;
}
