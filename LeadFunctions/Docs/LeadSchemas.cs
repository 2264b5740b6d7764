using System.Text.Json.Nodes;
using static LeadFunctions.Docs.Schema;

namespace LeadFunctions.Docs;

/// <summary>Schemas of the lead routes (docs/api.md#leads: result item, page, edit, score and upload bodies).</summary>
internal static class LeadSchemas
{
    public static JsonObject ScoreBreakdown(string[] intents) => Object(new JsonObject
    {
        ["rule_score"] = Integer(0, 50, "Rule layer points."),
        ["ai_score"] = Integer(0, 50, "AI layer points; null when the AI was not used.", nullable: true),
        ["ai_intent"] = OneOf(intents, "The AI's label; null when the AI was not used.", nullable: true),
        ["scoring_method"] = OneOf(["hybrid", "rules-only", "rules-only (ai failed)"]),
        ["factors"] = ArrayOf(Object(new JsonObject
        {
            ["factor"] = String(),
            ["points"] = Integer(),
        }, "factor", "points")).Described("The rule factors that gave points."),
    }, "rule_score", "ai_score", "ai_intent", "scoring_method", "factors");

    public static JsonObject Lead(string[] intents) => Object(new JsonObject
    {
        ["id"] = String(),
        ["offer_id"] = String(),
        ["batch_id"] = String(),
        ["name"] = String(),
        ["role"] = String(),
        ["company"] = String(),
        ["industry"] = String(),
        ["location"] = String(),
        ["linkedin_bio"] = String(),
        ["intent"] = OneOf(intents, "Null until scored.", nullable: true),
        ["score"] = Integer(0, 100, "Null until scored.", nullable: true),
        ["reasoning"] = String(description: "Why the lead got its score; the failure reason when status is failed.", nullable: true),
        ["status"] = OneOf([LeadStatus.Queued, LeadStatus.Scored, LeadStatus.Failed]),
        ["score_breakdown"] = NullableRef("ScoreBreakdown"),
        ["created_at"] = String(format: "date-time"),
        ["scored_at"] = String(format: "date-time", nullable: true),
    }, "id", "offer_id", "batch_id", "name", "role", "company", "industry", "location", "linkedin_bio", "status", "created_at");

    public static JsonObject Page() => Object(new JsonObject
    {
        ["count"] = Integer(0, description: "Leads matching the filters, over all pages.", format: "int64"),
        ["next"] = String(format: "uri", description: "Full URL of the next page; null on the last page.", nullable: true),
        ["results"] = ArrayOf(Ref("Lead")),
    }, "count", "next", "results");

    public static JsonObject Edit(int maxFieldLength) => Object(new JsonObject
    {
        ["name"] = String(maxFieldLength),
        ["role"] = String(maxFieldLength),
        ["company"] = String(maxFieldLength),
        ["industry"] = String(maxFieldLength),
        ["location"] = String(maxFieldLength),
        ["linkedin_bio"] = String(maxFieldLength),
    }).Described("The lead fields to change; fields left out keep their value. The lead keeps either a name or a company.");

    public static JsonObject ScoreRequest() => Object(new JsonObject
    {
        ["offer_id"] = String(description: "Only leads of this offer.", nullable: true),
        ["batch_id"] = String(description: "Only leads of this batch.", nullable: true),
        ["rescore"] = Boolean("Queue every lead of the scope, not only the unscored ones (default false)."),
    });

    public static JsonObject OperationAccepted() => Object(new JsonObject
    {
        ["operation_id"] = String(),
        ["kind"] = OneOf([Operations.OperationKinds.Score, Operations.OperationKinds.DeleteOffer]),
        ["status_url"] = String(format: "uri", description: "GET it to follow the operation."),
        ["offer_id"] = String(nullable: true),
        ["batch_id"] = String(nullable: true),
        ["rescore"] = Boolean(),
    }, "operation_id", "kind", "status_url", "offer_id", "batch_id", "rescore");

    public static JsonObject Operation() => Object(new JsonObject
    {
        ["operation_id"] = String(),
        ["kind"] = OneOf([Operations.OperationKinds.Score, Operations.OperationKinds.DeleteOffer]),
        ["status"] = OneOf([Operations.OperationStatus.Queued, Operations.OperationStatus.Running, Operations.OperationStatus.Completed, Operations.OperationStatus.Failed]),
        ["offer_id"] = String(nullable: true),
        ["batch_id"] = String(nullable: true),
        ["rescore"] = Boolean(),
        ["leads_queued"] = Integer(0, description: "Leads sent back to scoring so far (score operations)."),
        ["error"] = String(nullable: true, description: "Why a failed operation stopped."),
        ["created_at"] = String(format: "date-time"),
        ["completed_at"] = String(format: "date-time", nullable: true),
    }, "operation_id", "kind", "status", "offer_id", "batch_id", "rescore", "leads_queued", "error", "created_at", "completed_at");

    public static JsonObject UploadAccepted() => Object(new JsonObject
    {
        ["batch_id"] = String(),
        ["offer_id"] = String(),
        ["status_url"] = String(format: "uri", description: "GET it to follow the batch."),
        ["blob"] = String(description: "Name of the stored upload in the uploads container."),
    }, "batch_id", "offer_id", "status_url", "blob");
}
