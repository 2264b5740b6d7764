using System.Text.Json;
namespace LeadFunctions.Scoring;

/// <summary>The final score of one lead: 0–100, its label, the human-readable reasoning and the breakdown.</summary>
/// <param name="Classification">The AI's answer with its content hash, when the AI answered: the lead keeps it.</param>
public sealed record LeadScore(int Score, LeadIntent Intent, string Reasoning, ScoreBreakdown Breakdown, Ai.KeyedClassification? Classification = null)
{
    /// <summary>Marks <paramref name="lead"/> scored with this score at <paramref name="scoredAt"/>.</summary>
    public void ApplyTo(LeadEntity lead, DateTimeOffset scoredAt)
    {
        lead.Status = LeadStatus.Scored;
        lead.Score = Score;
        lead.Intent = Intent.ToString();
        lead.Reasoning = Reasoning;
        lead.BreakdownJson = JsonSerializer.Serialize(Breakdown, JsonDefaults.Options);
        lead.ScoredAt = scoredAt;
        if (Classification is not null)
        {
            lead.SetClassification(Classification);
        }
    }
}
