using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>
/// A side task that makes the scoring queue deliver messages twice while the host is consuming it: it receives visible
/// messages, sends one copy of each lead's original message and releases the original at once, so the host gets both.
/// Each receive counts as a delivery (more than five make a message poison), so it receives only as many messages as
/// there are uncopied originals at the visible front of the queue: it does not keep taking messages it has handled.
/// </summary>
public sealed class QueueDuplicator : IAsyncDisposable
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IdlePause = TimeSpan.FromMilliseconds(25);

    private readonly QueueClient _queue;
    private readonly ConcurrentDictionary<string, byte> _copyIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _copiedLeads = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private volatile bool _stopping;

    private QueueDuplicator(QueueClient queue)
    {
        _queue = queue;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The leads whose message this duplicator delivered twice.</summary>
    public IReadOnlyCollection<string> CopiedLeads => [.. _copiedLeads.Keys];

    public static QueueDuplicator Start(QueueClient queue) => new(queue);

    /// <summary>Stops after the current round; a message it holds is always released first, never left invisible.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _loop;
    }

    private async Task RunAsync()
    {
        while (!_stopping)
        {
            var originals = await LeadingUncopiedOriginalsAsync();
            if (originals == 0)
            {
                await Task.Delay(IdlePause);
                continue;
            }

            foreach (var message in (await _queue.ReceiveMessagesAsync(originals, Hold)).Value)
            {
                if (IsUncopiedOriginal(message.MessageId, message.MessageText, out var leadId) && _copiedLeads.TryAdd(leadId!, 0))
                {
                    var copy = await _queue.SendMessageAsync(message.MessageText);
                    _copyIds.TryAdd(copy.Value.MessageId, 0);
                }

                await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }
        }
    }

    /// <summary>How many messages at the visible front of the queue are originals not copied yet (a receive takes the front).</summary>
    private async Task<int> LeadingUncopiedOriginalsAsync()
    {
        PeekedMessage[] front = (await _queue.PeekMessagesAsync(maxMessages: 32)).Value;
        return front.TakeWhile(m => IsUncopiedOriginal(m.MessageId, m.MessageText, out _)).Count();
    }

    private bool IsUncopiedOriginal(string messageId, string text, out string? leadId)
    {
        leadId = ScoringQueue.Parse(text)?.LeadId;
        return leadId is not null && !_copyIds.ContainsKey(messageId) && !_copiedLeads.ContainsKey(leadId);
    }
}
