using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace LeadFunctions.Benchmarks.Scenarios;

/// <summary>
/// The raw storage ceiling for the least work a lead needs on its way through the pipeline, done with the storage SDKs
/// alone (no app code, no WebJobs host): one entity per lead written in entity-group transactions, one message per lead
/// sent, then received a trigger batch at a time and deleted. Every request passes one gate of <see cref="InFlight"/>,
/// so that figure is exactly the requests in flight.
/// </summary>
public static class PipelineCeiling
{
    /// <summary>Storage requests in flight: enough that Azurite, not the client, sets the pace (32 measured the same within noise).</summary>
    public const int InFlight = 128;

    /// <summary>host.json's <c>queues.batchSize</c>, which is also the most one receive may take.</summary>
    public const int ReceiveBatch = 32;

    /// <summary>Enough receivers that their deletes keep the gate full while one of them waits on a receive.</summary>
    private const int Receivers = 2 * InFlight / ReceiveBatch;

    /// <summary>The app's default (<see cref="LeadScoringOptions.DefaultLeadPartitions"/>): the leads spread over as many partition keys.</summary>
    private const int Partitions = LeadScoringOptions.DefaultLeadPartitions;

    /// <summary>Leads per transaction, as the app writes them at most (<see cref="LeadPartitionWriter.MaxLeadsPerTransaction"/>).</summary>
    private const int LeadsPerTransaction = LeadPartitionWriter.MaxLeadsPerTransaction;

    /// <summary>A message stays invisible for longer than any run is allowed, so a message received is never received twice.</summary>
    private static readonly TimeSpan Invisible = TimeSpan.FromMinutes(10);

    /// <summary>One timed run: its rate and the leads whose message was received and deleted.</summary>
    public sealed record Outcome(int Leads, TimeSpan Elapsed, int Deleted)
    {
        public double LeadsPerSecond => Leads / Elapsed.TotalSeconds;
    }

    /// <summary>Writes, sends, receives and deletes for <paramref name="leads"/> leads on a queue and table of their own, timed from first request to last.</summary>
    public static async Task<Outcome> RunAsync(AzuriteFixture storage, int leads, TimeSpan timeout, CancellationToken ct)
    {
        var suffix = Guid.NewGuid().ToString("N");
        var queue = storage.CreateQueueServiceClient().GetQueueClient($"bench-ceiling-{suffix}"[..40]);
        var table = storage.CreateTableServiceClient().GetTableClient($"benchceiling{suffix}"[..40]);
        await queue.CreateAsync(cancellationToken: ct);
        await table.CreateAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var gate = new SemaphoreSlim(InFlight);
        try
        {
            var clock = Stopwatch.StartNew();
            await WriteAndSendAsync(queue, table, gate, leads, deadline.Token);
            var deleted = await ReceiveAndDeleteAsync(queue, gate, leads, deadline.Token);
            return new Outcome(leads, clock.Elapsed, deleted);
        }
        finally
        {
            // A private Azurite is thrown away whole; an account named by the environment keeps nothing of the run.
            if (!storage.IsPrivate)
            {
                await queue.DeleteIfExistsAsync(CancellationToken.None);
                await table.DeleteAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Each chunk of leads of one partition key: one transaction with their entities, then one message each.</summary>
    private static Task WriteAndSendAsync(QueueClient queue, TableClient table, SemaphoreSlim gate, int leads, CancellationToken ct)
    {
        var generator = new LeadGenerator("ceiling");
        var chunks = (leads + LeadsPerTransaction - 1) / LeadsPerTransaction;

        async Task ChunkAsync(int chunk)
        {
            var partition = $"ceiling-p{chunk % Partitions}";
            var indexes = Enumerable.Range(chunk * LeadsPerTransaction, Math.Min(LeadsPerTransaction, leads - chunk * LeadsPerTransaction)).ToList();
            var actions = indexes.Select(i => new TableTransactionAction(TableTransactionActionType.Add, Entity(generator.Lead(i), partition, i))).ToList();
            await SendAsync(gate, token => table.SubmitTransactionAsync(actions, token), ct);
            await Task.WhenAll(indexes.Select(i => SendAsync(gate, token => queue.SendMessageAsync(IngestScenario.RawMessage(i), token), ct)));
        }

        return Task.WhenAll(Enumerable.Range(0, chunks).Select(ChunkAsync));
    }

    /// <summary>Receivers take up to <see cref="ReceiveBatch"/> messages at a time and delete each, until the queue is empty.</summary>
    private static async Task<int> ReceiveAndDeleteAsync(QueueClient queue, SemaphoreSlim gate, int leads, CancellationToken ct)
    {
        var deleted = 0;

        async Task ReceiverAsync()
        {
            // Every message was sent before the first receive and none reappears, so an empty receive means done; each
            // receive but the last takes at least one message, which bounds the loop.
            for (var receives = 0; receives <= leads; receives++)
            {
                var messages = (await SendAsync(gate, token => queue.ReceiveMessagesAsync(ReceiveBatch, Invisible, token), ct)).Value;
                if (messages.Length == 0)
                {
                    return;
                }

                await Task.WhenAll(messages.Select(m => SendAsync(gate, token => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, token), ct)));
                Interlocked.Add(ref deleted, messages.Length);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Receivers).Select(_ => ReceiverAsync()));
        return deleted;
    }

    /// <summary>A lead's record: its fields, its expected score and its key in the chunk's partition.</summary>
    private static TableEntity Entity(GeneratedLead lead, string partition, int index) => new(partition, $"lead-{index:D8}")
    {
        ["Name"] = lead.Fields.Name,
        ["Role"] = lead.Fields.Role,
        ["Company"] = lead.Fields.Company,
        ["Industry"] = lead.Fields.Industry,
        ["Location"] = lead.Fields.Location,
        ["LinkedinBio"] = lead.Fields.LinkedinBio,
        ["Score"] = lead.ExpectedScore,
    };

    /// <summary>One storage request through the gate.</summary>
    private static async Task<T> SendAsync<T>(SemaphoreSlim gate, Func<CancellationToken, Task<T>> request, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            return await request(ct);
        }
        finally
        {
            gate.Release();
        }
    }
}
