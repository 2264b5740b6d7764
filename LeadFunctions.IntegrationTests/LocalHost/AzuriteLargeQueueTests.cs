using System.Collections.Concurrent;
using Azure.Storage.Queues;
namespace LeadFunctions.IntegrationTests.LocalHost;

/// <summary>
/// A queue holding a thousand messages, drained as the scoring trigger drains it, on the storage the other tests
/// use (this repository's patched Azurite unless <c>LEADFUNCTIONS_TEST_STORAGE</c> names another account).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteLargeQueueTests(AzuriteFixture storage)
{
    private const int MessageCount = 1_000;

    [Fact]
    public async Task A_queue_of_a_thousand_hands_out_every_message_once_and_keeps_answering()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var queue = storage.CreateQueueServiceClient().GetQueueClient(AzuriteFixture.NewQueueName("large"));
        await queue.CreateAsync(cancellationToken: timeout.Token);

        await Parallel.ForAsync(0, MessageCount, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = timeout.Token },
            async (i, ct) => await queue.SendMessageAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: ct));

        var peeked = (await queue.PeekMessagesAsync(32, timeout.Token)).Value;
        Assert.Equal(32, peeked.Length);
        Assert.All(peeked, message => Assert.Equal(0, message.DequeueCount));

        var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var duplicates = new ConcurrentBag<string>();
        // Bounded: every round takes up to 32 messages; a few spare rounds for an empty answer now and then.
        for (var round = 0; round < (MessageCount / 32) + 20 && received.Count < MessageCount; round++)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(10), timeout.Token)).Value;
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = timeout.Token }, async (message, ct) =>
            {
                if (!received.TryAdd(message.MessageText, (int)message.DequeueCount))
                {
                    duplicates.Add(message.MessageText);
                }

                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            });
        }

        Assert.Empty(duplicates);
        Assert.Equal(Enumerable.Range(0, MessageCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
            received.Keys.Order(StringComparer.Ordinal));
        Assert.All(received.Values, dequeueCount => Assert.Equal(1, dequeueCount));

        // Still answering once drained: nothing left, nothing visible.
        Assert.Equal(0, (await queue.GetPropertiesAsync(timeout.Token)).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.ReceiveMessagesAsync(32, cancellationToken: timeout.Token)).Value);
        await queue.DeleteAsync(timeout.Token);
    }
}
