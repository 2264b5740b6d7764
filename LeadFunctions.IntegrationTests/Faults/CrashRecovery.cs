namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>
/// Finishing a batch after a crash. The WebJobs queue listener receives a message with a 10-minute visibility lease and
/// deletes it when the function is done; messages a killed process held come back only when that lease ends. The
/// restarted pipeline scores everything else by itself; the held leads stay <c>queued</c> (never lost) and
/// <c>POST /api/leads/score</c> sends their messages again without waiting for the lease.
/// </summary>
public static class CrashRecovery
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(6);

    /// <summary>The number of leads that had to be re-sent (0 when the batch completed by itself).</summary>
    public static async Task<long> FinishAsync(LeadApi api, PipelineNames names, string batchId, TimeSpan timeout)
    {
        if (!await CompletesOrStallsAsync(api, names, batchId, timeout))
        {
            return 0;
        }

        var requeued = await api.ScoreAndWaitAsync(new { batch_id = batchId });
        await api.WaitForCompletionAsync(batchId, timeout);
        return requeued;
    }

    /// <summary>
    /// True when the batch stopped progressing with nothing visible in the scoring queue — only messages held by a dead
    /// process are left; false when it completed.
    /// </summary>
    private static async Task<bool> CompletesOrStallsAsync(LeadApi api, PipelineNames names, string batchId, TimeSpan timeout)
    {
        var queue = names.Queue(names.ScoringQueue);
        var deadline = DateTime.UtcNow + timeout;
        var (lastSettled, since) = (-1L, DateTime.UtcNow);
        while (DateTime.UtcNow < deadline)
        {
            if (await api.TryGetBatchAsync(batchId) is not { } batch)
            {
                (lastSettled, since) = (-1, DateTime.UtcNow);
                continue;
            }

            if (LeadApi.Status(batch) is "completed")
            {
                return false;
            }

            var settled = LeadApi.Number(batch, "scored") + LeadApi.Number(batch, "failed");
            var visible = (await queue.PeekMessagesAsync(maxMessages: 1)).Value.Length;
            if (settled != lastSettled || visible > 0 || LeadApi.Status(batch) != "scoring")
            {
                (lastSettled, since) = (settled, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - since >= Quiet)
            {
                return true;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"Batch {batchId} neither completed nor settled within {timeout.TotalSeconds:0} s: {(await api.GetBatchAsync(batchId)).ToJsonString()}");
        return false;
    }
}
