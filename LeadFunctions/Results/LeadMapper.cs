using System.Text.Json;
namespace LeadFunctions.Results;

public static class LeadMapper
{
    public static LeadResponse ToResponse(LeadEntity lead) => new(
        lead.Id,
        lead.OfferId,
        lead.BatchId,
        lead.Name,
        lead.Role,
        lead.Company,
        lead.Industry,
        lead.Location,
        lead.LinkedinBio,
        lead.Intent,
        lead.Score,
        lead.Reasoning,
        lead.Status,
        lead.BreakdownJson is null ? null : JsonDocument.Parse(lead.BreakdownJson).RootElement.Clone(),
        lead.CreatedAt,
        lead.ScoredAt);
}
