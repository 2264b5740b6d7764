using Azure;
using Azure.Data.Tables;
namespace LeadFunctions.Leads;

/// <summary>
/// A lead as stored in its partition of the leads table (<see cref="LeadPartitions"/>). The same shape is written twice: once under
/// <c>lead-{id}</c> (the record) and once under its score-order index key, so result pages read no second entity.
/// </summary>
public sealed class LeadEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Id { get; set; } = "";
    public string OfferId { get; set; } = "";
    public string BatchId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string Company { get; set; } = "";
    public string Industry { get; set; } = "";
    public string Location { get; set; } = "";
    public string LinkedinBio { get; set; } = "";
    public string Status { get; set; } = LeadStatus.Queued;
    public int? Score { get; set; }
    public string? Intent { get; set; }
    public string? Reasoning { get; set; }

    /// <summary>The <c>score_breakdown</c> object, as JSON.</summary>
    public string? BreakdownJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ScoredAt { get; set; }

    /// <summary>
    /// The file line of the row of <see cref="BatchId"/> that gave the lead its fields: when a file repeats a lead, the
    /// earliest line owns it, whichever segment of the file is ingested first (<see cref="Ingest.LeadChunkWriter"/>).
    /// </summary>
    public long? IngestLine { get; set; }

    /// <summary>Row key of this lead's current index entry, so a change can remove the old one in the same transaction.</summary>
    public string? IndexKey { get; set; }

    /// <summary>
    /// The AI classification this lead last got and the content hash it answers (<see cref="Ai.ClassificationCacheKey"/>):
    /// kept through a reset to queued, so a rescore or re-upload of unchanged content against an unchanged offer reuses
    /// it instead of calling the model again (docs/scoring.md#ai-calls).
    /// </summary>
    public string? AiKey { get; set; }

    public string? AiIntent { get; set; }

    public string? AiReasoning { get; set; }

    public LeadEntity Clone() => (LeadEntity)MemberwiseClone();

    /// <summary>The six CSV columns. Methods, not a property, so the table client does not try to store them.</summary>
    public LeadFields GetFields() => new(Name, Role, Company, Industry, Location, LinkedinBio);

    /// <summary>The classification this lead keeps, if it keeps a readable one.</summary>
    public Ai.KeyedClassification? GetClassification() =>
        AiKey is { Length: > 0 } key && Enum.TryParse<LeadIntent>(AiIntent, out var intent) && Enum.IsDefined(intent) && AiReasoning is { } reasoning
            ? new Ai.KeyedClassification(key, new Ai.IntentClassification(intent, reasoning))
            : null;

    public void SetClassification(Ai.KeyedClassification? classification)
    {
        AiKey = classification?.Key;
        AiIntent = classification?.Classification.Intent.ToString();
        AiReasoning = classification?.Classification.Reasoning;
    }

    public void SetFields(LeadFields fields)
    {
        Name = fields.Name;
        Role = fields.Role;
        Company = fields.Company;
        Industry = fields.Industry;
        Location = fields.Location;
        LinkedinBio = fields.LinkedinBio;
    }
}
