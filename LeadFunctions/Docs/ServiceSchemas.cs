using System.Text.Json.Nodes;
using static LeadFunctions.Docs.Schema;

namespace LeadFunctions.Docs;

/// <summary>Schemas shared by the whole API: health and RFC 9457 problem details.</summary>
internal static class ServiceSchemas
{
    public static JsonObject Health() => Object(new JsonObject
    {
        ["status"] = OneOf(["healthy", "unhealthy"]),
        ["storage"] = Object(new JsonObject
        {
            ["reachable"] = Boolean(),
            ["error"] = String(nullable: true, description: "Why storage is unreachable, in a sentence without host or account names."),
        }, "reachable"),
        ["ai"] = Object(new JsonObject
        {
            ["mode"] = String(description: "Scoring mode in use, such as hybrid or rules-only."),
            ["provider"] = OneOf(["None", "AzureOpenAI", "OpenAI"]),
        }, "mode", "provider"),
    }, "status", "storage", "ai");

    public static JsonObject ProblemDetails() => Object(new JsonObject
    {
        ["type"] = String(description: "A URI reference identifying the problem type."),
        ["title"] = String(),
        ["status"] = Integer(400, 599),
        ["detail"] = String(),
        ["errors"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Validation messages per field.",
            ["additionalProperties"] = ArrayOf(String()),
        },
    }, "title", "status").Described("RFC 9457 problem details, served as application/problem+json.");
}
