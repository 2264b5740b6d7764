using System.Text.Json.Nodes;
using static LeadFunctions.Docs.Schema;

namespace LeadFunctions.Docs;

/// <summary>The batch schema: progress and outcome of one uploaded CSV.</summary>
internal static class BatchSchemas
{
    public static JsonObject Page() => Object(new JsonObject
    {
        ["count"] = Integer(0, description: "Batches matching the filter, over all pages.", format: "int64"),
        ["next"] = String(format: "uri", description: "Full URL of the next page; null on the last page.", nullable: true),
        ["results"] = ArrayOf(Ref("Batch")),
    }, "count", "next", "results");

    public static JsonObject Batch() => Object(new JsonObject
    {
        ["batch_id"] = String(),
        ["offer_id"] = String(description: "The offer; for a failed blob batch, the first path segment of the blob.", nullable: true),
        ["source"] = OneOf(["http", "blob"]),
        ["blob"] = String(),
        ["status"] = OneOf([BatchStatus.Ingesting, BatchStatus.Scoring, BatchStatus.Completed, BatchStatus.Failed]),
        ["rows_total"] = Count(),
        ["rows_accepted"] = Count(),
        ["rows_rejected"] = Count(),
        ["duplicates"] = Count(),
        ["scored"] = Count(),
        ["failed"] = Count(),
        ["by_intent"] = Object(new JsonObject
        {
            ["High"] = Count(),
            ["Medium"] = Count(),
            ["Low"] = Count(),
        }, "High", "Medium", "Low"),
        ["errors"] = ArrayOf(Object(new JsonObject
        {
            ["row"] = Integer(0, description: "Line number where the rejected record starts (the header is line 1); null for a problem with the whole file.", nullable: true),
            ["message"] = String(),
        }, "row", "message")).Described("Rejected rows and batch-level failures."),
        ["created_at"] = String(format: "date-time"),
        ["completed_at"] = String(format: "date-time", nullable: true),
        ["percent"] = Integer(0, 100,
            "Share of the accepted leads that are settled (scored or failed), rounded down; 100 only once the batch has ended. " +
            "While ingesting, the rows accepted so far are scaled by the share of the file's segments ingested (the file's total is not known yet), and it stays below 100. " +
            "A failed batch is 100: it was stopped as a whole and nothing more will happen to it (errors say why)."),
        ["rate_per_s"] = new JsonObject
        {
            ["type"] = "number", ["minimum"] = 0, ["nullable"] = true,
            ["description"] = "Leads settled per second since the batch was created (until completed_at once it has ended), to two decimals; " +
                "null before the first lead is settled and for a failed batch.",
        },
        ["eta_seconds"] = Integer(0, description:
            "Seconds left at rate_per_s for the accepted leads not yet settled; 0 once the batch has ended; " +
            "null while ingesting (the total is not known yet) and before the first lead is settled.", nullable: true, format: "int64"),
        ["callback"] = NullableRef("BatchCallback"),
    }, "batch_id", "source", "blob", "status", "rows_total", "rows_accepted", "rows_rejected", "duplicates", "scored", "failed", "by_intent", "errors", "created_at",
        "percent", "rate_per_s", "eta_seconds");

    /// <summary>The end-of-batch call (Callbacks/): what the batch JSON shows of it, never the secret.</summary>
    public static JsonObject Callback() => Object(new JsonObject
    {
        ["url"] = String(CallbackUrlPolicy.MaxUrlLength, format: "uri", description: "The upload's callback_url, else its offer's."),
        ["status"] = OneOf([CallbackStatus.Pending, CallbackStatus.Delivered, CallbackStatus.Failed],
            "pending until a 2xx answer (delivered) or until the app gives up (failed)."),
        ["attempts"] = Integer(0, description: "Delivery attempts made so far."),
        ["last_status"] = Integer(description: "The HTTP status of the last attempt; null when it got no answer.", nullable: true),
        ["last_error"] = String(description: "Why the last attempt (or the watch) failed; null after a success.", nullable: true),
        ["delivered_at"] = String(format: "date-time", nullable: true),
    }, "url", "status", "attempts", "last_status", "last_error", "delivered_at").Described(
        "When the batch ends (completed or failed) its JSON is POSTed to url, signed (X-LeadFunctions-Signature: sha256=<hex HMAC-SHA256 " +
        "of the body with LeadScoring__WebhookSecret>), with X-LeadFunctions-Delivery (the same on every attempt) and X-LeadFunctions-Event " +
        "(batch.completed or batch.failed); retried with growing delays, given up after LeadScoring__WebhookGiveUpAfter. Null when the batch has no callback.");

    private static JsonObject Count() => Integer(0);
}
