using System.Text.Json;
using Azure.Storage.Queues;
using LeadFunctions.Configuration;
using LeadFunctions.Http;
using LeadFunctions.Model;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Storage;

/// <summary>Sends scoring messages (one per lead), in parallel, to the configured scoring queue.</summary>
public sealed class ScoringQueue
{
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
        await Task.WhenAll(messages.Select(m => _queue.SendMessageAsync(JsonSerializer.Serialize(m, JsonDefaults.Options), ct)));
    }

    public static ScoreLeadMessage? Parse(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<ScoreLeadMessage>(body, JsonDefaults.Options);
            return message is not null && TableKeys.IsValid(message.OfferId) && TableKeys.IsValid(message.LeadId) && TableKeys.IsValid(message.BatchId)
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
