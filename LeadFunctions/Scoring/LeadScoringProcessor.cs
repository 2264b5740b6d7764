using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Scoring;

/// <summary>
/// Handles one scoring message: scores the lead if it is still queued and settles the message's batch marker, in one
/// transaction (shared with the other leads of its partition this instance is writing, <see cref="LeadGroupCommit"/>).
/// A second delivery finds the lead scored and the marker settled, and changes nothing.
/// </summary>
/// <remarks>
/// A first delivery whose message carries the lead (<see cref="ScoreLeadMessage.Lead"/>) is scored from that copy
/// without reading anything: the write is made under the copy's ETags, so a lead edited, re-uploaded or scored since
/// fails it, and the lead is then read and decided again. A repeated delivery reads the lead first, so a lead already
/// scored is not sent to the AI again.
/// </remarks>
public sealed class LeadScoringProcessor(
    LeadReader reader,
    OfferRepository offers,
    LeadPartitionWriter writer,
    LeadGroupCommit commits,
    LeadScorer scorer,
    TimeProvider time,
    IOptions<LeadScoringOptions> options,
    ILogger<LeadScoringProcessor> logger)
{
    /// <summary>A lead edited while being scored is scored again from its new content, a bounded number of times.</summary>
    private const int MaxStaleRetries = 5;

    /// <exception cref="Ai.AiTransientException">The AI is unavailable and this is not the message's last delivery.</exception>
    public async Task ProcessAsync(ScoreLeadMessage message, long dequeueCount, CancellationToken ct)
    {
        var assumed = dequeueCount <= 1 ? ScoringQueue.Assumed(message) : null;
        for (var attempt = 1; attempt <= MaxStaleRetries; attempt++)
        {
            var lead = assumed?.Lead ?? await reader.GetAsync(message.LeadId, ct);
            if (lead is null)
            {
                logger.LogInformation("Lead {LeadId} no longer exists; nothing to score", message.LeadId);
                return;
            }

            LeadTransition transition;
            if (lead.Status == LeadStatus.Queued)
            {
                var offer = await offers.GetRecentAsync(lead.OfferId, ct);
                if (offer is null)
                {
                    logger.LogInformation("Offer {OfferId} of lead {LeadId} no longer exists; nothing to score", lead.OfferId, lead.Id);
                    return;
                }

                var isLastAttempt = dequeueCount >= options.Value.MaxDequeueCount;
                var score = await scorer.ScoreAsync(offer.ToProfile(), lead.GetFields(), isLastAttempt, ct, lead.GetClassification());
                transition = LeadTransition.Scored(lead, message.BatchId, score, time.GetUtcNow());
            }
            else
            {
                // Already scored or failed (a repeated delivery): the transition only makes sure this batch has counted it.
                transition = LeadTransition.Redelivered(lead.Id, message.BatchId);
            }

            LeadWritten written;
            try
            {
                written = await commits.ApplyAsync(lead.OfferId, assumed is null ? transition : transition.Assuming(assumed), ct);
            }
            catch (OfferDeletedException)
            {
                logger.LogInformation("Offer {OfferId} of lead {LeadId} is being deleted; nothing to score", lead.OfferId, lead.Id);
                return;
            }

            if (written.Outcome is not LeadOutcome.Stale)
            {
                return;
            }

            // Changed since it was read or sent (edited or re-uploaded): score its new content.
            assumed = null;
        }

        throw new InvalidOperationException($"Lead {message.LeadId} kept changing while it was being scored; the queue will try again.");
    }

    /// <summary>Records a lead whose message the queue gave up on as failed, with the reason, so it is never lost.</summary>
    public async Task RecordPoisonedAsync(ScoreLeadMessage message, string reason, CancellationToken ct)
    {
        var lead = await reader.GetAsync(message.LeadId, ct);
        if (lead is null)
        {
            return;
        }

        try
        {
            await writer.ApplyAsync(lead.OfferId, [LeadTransition.Failed(lead.Id, message.BatchId, reason, time.GetUtcNow())], ct);
        }
        catch (OfferDeletedException)
        {
            // Its offer is being deleted: nothing to record.
        }
    }
}
