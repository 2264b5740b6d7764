using System.Text.Json.Nodes;
using static LeadFunctions.Docs.Schema;

namespace LeadFunctions.Docs;

/// <summary>The lead summary of <c>GET /api/leads/summary</c>: the dashboard's histogram and intent breakdown.</summary>
internal static class SummarySchemas
{
    public static JsonObject Summary() => Object(new JsonObject
    {
        ["count"] = Count("Leads matching the filters: scored + queued + failed (as count of the results)."),
        ["scored"] = Count("Scored leads matching the filters: the sum of the histogram and of by_intent."),
        ["queued"] = Count("Leads waiting to be scored."),
        ["failed"] = Count("Leads whose scoring failed."),
        ["histogram"] = ArrayOf(Object(new JsonObject
        {
            ["bucket"] = Integer(0, LeadSummaryBuilder.BucketCount - 1),
            ["min_score"] = Integer(0, 100),
            ["max_score"] = Integer(0, 100),
            ["count"] = Count("Scored leads with min_score <= score <= max_score."),
        }, "bucket", "min_score", "max_score", "count"), maxItems: LeadSummaryBuilder.BucketCount)
            .Described($"Always {LeadSummaryBuilder.BucketCount} buckets of ten points, lowest first; the last one is 90–100."),
        ["by_intent"] = Object(new JsonObject
        {
            ["High"] = Count(null),
            ["Medium"] = Count(null),
            ["Low"] = Count(null),
        }, "High", "Medium", "Low"),
    }, "count", "scored", "queued", "failed", "histogram", "by_intent");

    private static JsonObject Count(string? description) => Integer(0, description: description, format: "int64");
}
