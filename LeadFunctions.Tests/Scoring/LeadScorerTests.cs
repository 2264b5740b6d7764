namespace LeadFunctions.Tests.Scoring;

public class LeadScorerTests
{
    private static readonly OfferProfile Offer = new("LeadFlow", ["24/7 outbound"], ["B2B SaaS"]);
    private static readonly LeadFields Ceo = new("Ava", "CEO", "Acme", "B2B SaaS", "Berlin", "bio");

    [Fact]
    public async Task Without_a_classifier_scores_rules_only()
    {
        var scorer = new LeadScorer();

        var score = await scorer.ScoreAsync(Offer, Ceo, isLastAttempt: false, CancellationToken.None);

        Assert.False(scorer.AiEnabled);
        Assert.Equal((100, LeadIntent.High, ScoringMethods.RulesOnly), (score.Score, score.Intent, score.Breakdown.ScoringMethod));
        Assert.EndsWith("[AI: not configured — scored by rules only]", score.Reasoning);
    }

    [Fact]
    public async Task With_a_classifier_scores_hybrid()
    {
        var score = await new LeadScorer(new FixedClassifier(() => new IntentClassification(LeadIntent.Low, "Weak fit.")))
            .ScoreAsync(Offer, Ceo, isLastAttempt: false, CancellationToken.None);

        Assert.Equal((60, LeadIntent.Medium, ScoringMethods.Hybrid, 10), (score.Score, score.Intent, score.Breakdown.ScoringMethod, score.Breakdown.AiScore));
        Assert.EndsWith("[AI: Weak fit.]", score.Reasoning);
    }

    [Fact]
    public async Task A_transient_failure_before_the_last_attempt_goes_back_to_the_queue()
    {
        var scorer = new LeadScorer(new FixedClassifier(() => throw new AiTransientException("HTTP 503 from the AI service (4 attempts)", 4, 503)));

        await Assert.ThrowsAsync<AiTransientException>(() => scorer.ScoreAsync(Offer, Ceo, isLastAttempt: false, CancellationToken.None));
    }

    [Fact]
    public async Task A_transient_failure_on_the_last_attempt_scores_rules_only_with_the_reason()
    {
        var scorer = new LeadScorer(new FixedClassifier(() => throw new AiTransientException("HTTP 503 from the AI service (4 attempts)", 4, 503)));

        var score = await scorer.ScoreAsync(Offer, Ceo, isLastAttempt: true, CancellationToken.None);

        Assert.Equal((100, ScoringMethods.RulesOnlyAiFailed), (score.Score, score.Breakdown.ScoringMethod));
        Assert.EndsWith("[AI: failed after retries (HTTP 503 from the AI service (4 attempts)) — scored by rules only]", score.Reasoning);
    }

    [Fact]
    public async Task An_invalid_answer_scores_rules_only_at_once_and_never_as_Low()
    {
        var scorer = new LeadScorer(new FixedClassifier(() => throw new AiInvalidResponseException("the model's intent 'Maybe' is not High, Medium or Low")));

        var score = await scorer.ScoreAsync(Offer, Ceo, isLastAttempt: false, CancellationToken.None);

        Assert.Equal((ScoringMethods.RulesOnlyAiFailed, null, null), (score.Breakdown.ScoringMethod, score.Breakdown.AiIntent, score.Breakdown.AiScore));
        Assert.EndsWith("[AI: failed (the model's intent 'Maybe' is not High, Medium or Low) — scored by rules only]", score.Reasoning);
    }

    [Fact]
    public async Task Cancellation_is_not_scored()
    {
        var scorer = new LeadScorer(new FixedClassifier(() => throw new OperationCanceledException()));

        await Assert.ThrowsAsync<OperationCanceledException>(() => scorer.ScoreAsync(Offer, Ceo, isLastAttempt: true, CancellationToken.None));
    }

    private sealed class FixedClassifier(Func<IntentClassification> answer) : IIntentClassifier
    {
        public Task<IntentClassification> ClassifyAsync(OfferProfile offer, LeadFields lead, CancellationToken cancellationToken) =>
            Task.FromResult(answer());
    }
}
