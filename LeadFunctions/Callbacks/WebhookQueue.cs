using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Callbacks;

/// <summary>Sends <see cref="BatchCallbackMessage"/>s to the webhook queue, each due after its delay (the queue's visibility timeout).</summary>
public sealed class WebhookQueue
{
    private readonly QueueClient _queue;
    private readonly AsyncOnce _created;

    public WebhookQueue(QueueServiceClient service, IOptions<LeadScoringOptions> options)
    {
        _queue = service.GetQueueClient(options.Value.WebhookQueue);
        _created = new AsyncOnce(() => _queue.CreateIfNotExistsAsync());
    }

    public async Task SendAsync(BatchCallbackMessage message, TimeSpan delay, CancellationToken ct)
    {
        await _created.RunAsync(ct);
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : delay < OperationStore.MaxQueueDelay ? delay : OperationStore.MaxQueueDelay;
        await _queue.SendMessageAsync(JsonSerializer.Serialize(message, JsonDefaults.Options), visibilityTimeout: visibility, cancellationToken: ct);
    }

    public static BatchCallbackMessage? Parse(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<BatchCallbackMessage>(body, JsonDefaults.Options);
            return message is not null && TableKeys.IsValid(message.BatchId) && message.Attempt >= 0 && message.Round >= 0 ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
