using LeadFunctions.Configuration;
using LeadFunctions.Model;
using LeadFunctions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Scoring;

/// <summary>
/// Handles one scoring message: scores the lead if it is still queued and settles the message's batch marker, in one
/// transaction. A second delivery finds the lead scored and the marker settled, and changes nothing.
/// </summary>
public sealed class LeadScoringProcessor(
    LeadReader reader,
    OfferRepository offers,
    LeadPartitionWriter writer,
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
        for (var attempt = 1; attempt <= MaxStaleRetries; attempt++)
        {
            var lead = await reader.GetAsync(message.LeadId, ct);
            if (lead is null)
            {
                logger.LogInformation("Lead {LeadId} no longer exists; nothing to score", message.LeadId);
                return;
            }

            LeadEntity? scored = null;
            if (lead.Status == LeadStatus.Queued)
            {
                var offer = await offers.GetAsync(lead.OfferId, ct);
                if (offer is null)
                {
                    logger.LogInformation("Offer {OfferId} of lead {LeadId} no longer exists; nothing to score", lead.OfferId, lead.Id);
                    return;
                }

                var isLastAttempt = dequeueCount >= options.Value.MaxDequeueCount;
                var score = await scorer.ScoreAsync(offer.ToProfile(), lead.GetFields(), isLastAttempt, ct);
                scored = WithScore(lead, score);
            }

            var stale = false;
            var decide = new LeadWork(lead.Id, message.BatchId, (current, marker) =>
            {
                stale = false;
                if (current is null)
                {
                    return LeadDecision.Unchanged;
                }

                if (current.Status == LeadStatus.Queued)
                {
                    if (scored is null || current.ETag != lead.ETag)
                    {
                        // Changed since we read it (edited or re-uploaded): score its new content.
                        stale = true;
                        return LeadDecision.Unchanged;
                    }

                    return new LeadDecision(scored, marker is null ? null : MarkerStates.Of(scored));
                }

                // Already scored or failed (a repeated delivery): only make sure this batch has counted it.
                return marker is null ? LeadDecision.Unchanged : new LeadDecision(current, MarkerStates.Of(current));
            });
            try
            {
                await writer.ApplyAsync(lead.OfferId, [decide], ct);
            }
            catch (OfferDeletedException)
            {
                logger.LogInformation("Offer {OfferId} of lead {LeadId} is being deleted; nothing to score", lead.OfferId, lead.Id);
                return;
            }

            if (!stale)
            {
                return;
            }
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

        var work = new LeadWork(lead.Id, message.BatchId, (current, marker) =>
        {
            if (current is null)
            {
                return LeadDecision.Unchanged;
            }

            if (current.Status != LeadStatus.Queued)
            {
                return marker is null ? LeadDecision.Unchanged : new LeadDecision(current, MarkerStates.Of(current));
            }

            var failed = current.Clone();
            failed.Status = LeadStatus.Failed;
            failed.Reasoning = reason;
            failed.ScoredAt = time.GetUtcNow();
            return new LeadDecision(failed, marker is null ? null : MarkerStates.Failed);
        });
        try
        {
            await writer.ApplyAsync(lead.OfferId, [work], ct);
        }
        catch (OfferDeletedException)
        {
            // Its offer is being deleted: nothing to record.
        }
    }

    private LeadEntity WithScore(LeadEntity lead, LeadScore score)
    {
        var scored = lead.Clone();
        score.ApplyTo(scored, time.GetUtcNow());
        return scored;
    }
}
