using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Ingest;

/// <summary>Sends planning steps and segments of uploaded files to the ingest queue.</summary>
public sealed class IngestQueue
{
    private readonly QueueClient _queue;
    private readonly AsyncOnce _created;

    public IngestQueue(QueueServiceClient service, IOptions<LeadScoringOptions> options)
    {
        _queue = service.GetQueueClient(options.Value.IngestQueue);
        _created = new AsyncOnce(() => _queue.CreateIfNotExistsAsync());
    }

    public async Task SendAsync(IEnumerable<IngestMessage> messages, CancellationToken ct, TimeSpan? delay = null)
    {
        await _created.RunAsync(ct);
        await Task.WhenAll(messages.Select(m => _queue.SendMessageAsync(JsonSerializer.Serialize(m, JsonDefaults.Options), delay, cancellationToken: ct)));
    }

    public static IngestMessage? Parse(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<IngestMessage>(body, JsonDefaults.Options);
            return message is { Kind: IngestMessage.Plan or IngestMessage.Ingest, Segment: >= 0, StartByte: >= 0 } && TableKeys.IsValid(message.BatchId)
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
