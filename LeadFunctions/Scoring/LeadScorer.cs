using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Scoring;

/// <summary>
/// Scores one lead in the mode the app runs in: <c>hybrid</c> with a classifier, <c>rules-only</c> without one, and
/// <c>rules-only (ai failed)</c> when the AI gives up. No storage: the queue trigger loads the lead and saves the result.
/// </summary>
public sealed class LeadScorer(IIntentClassifier? classifier = null, ILogger<LeadScorer>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<LeadScorer>.Instance;

    /// <summary>True when an AI classifier is configured (scores are hybrid unless the AI fails).</summary>
    public bool AiEnabled => classifier is not null;

    /// <summary>Scores a lead.</summary>
    /// <param name="isLastAttempt">
    /// True on the message's last delivery (e.g. <c>DequeueCount &gt;= maxDequeueCount</c>). Before it, a transient AI failure
    /// is thrown so the queue retries later; on it, the lead is scored <c>rules-only (ai failed)</c>.
    /// </param>
    /// <exception cref="AiTransientException">The AI is unavailable and this is not the last attempt.</exception>
    /// <param name="kept">The classification the lead keeps: reused, without calling the model, when its content hash still matches.</param>
    public async Task<LeadScore> ScoreAsync(
        OfferProfile offer, LeadFields lead, bool isLastAttempt, CancellationToken cancellationToken, KeyedClassification? kept = null)
    {
        var rule = RuleScorer.Score(lead, offer);
        if (classifier is null)
        {
            return LeadScoreCalculator.RulesOnly(rule, offer.Rules);
        }

        try
        {
            if (classifier is IReusingIntentClassifier reusing)
            {
                var keyed = await reusing.ClassifyAsync(offer, lead, kept, cancellationToken).ConfigureAwait(false);
                return LeadScoreCalculator.Hybrid(rule, keyed.Classification, offer.Rules) with { Classification = keyed };
            }

            var ai = await classifier.ClassifyAsync(offer, lead, cancellationToken).ConfigureAwait(false);
            return LeadScoreCalculator.Hybrid(rule, ai, offer.Rules);
        }
        catch (AiClassificationException e) when (!e.IsTransient || isLastAttempt)
        {
            _logger.LogWarning(e, "AI classification failed ({Reason}); scoring by rules only", e.Message);
            return LeadScoreCalculator.AiFailed(rule, e.Message, afterRetries: e.IsTransient, offer.Rules);
        }
    }
}
