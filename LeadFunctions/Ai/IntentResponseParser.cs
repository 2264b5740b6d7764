using System.Text.Json;
using OpenAI.Chat;

namespace LeadFunctions.Ai;

/// <summary>
/// Reads the model's answer strictly: a JSON object with exactly <c>intent</c> (High, Medium or Low, any case) and a
/// non-blank <c>reasoning</c>. Anything else is an <see cref="AiInvalidResponseException"/>, never a default intent.
/// </summary>
public static class IntentResponseParser
{
    public const int MaxReasoningLength = 1000;

    private const int MaxQuotedLength = 40;

    public static IntentClassification Parse(ChatCompletion completion)
    {
        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            throw new AiInvalidResponseException($"the model refused to classify the lead: '{Excerpt(completion.Refusal)}'");
        }

        if (completion.FinishReason != ChatFinishReason.Stop)
        {
            throw new AiInvalidResponseException($"the model's answer ended with '{completion.FinishReason}' instead of a complete answer");
        }

        var text = string.Concat(completion.Content
            .Where(part => part.Kind == ChatMessageContentPartKind.Text)
            .Select(part => part.Text));
        return Parse(text);
    }

    public static IntentClassification Parse(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new AiInvalidResponseException("the model's answer is empty");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            throw new AiInvalidResponseException("the model's answer is not valid JSON", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new AiInvalidResponseException($"the model's answer is a JSON {root.ValueKind}, not an object");
            }

            string? intentText = null;
            string? reasoning = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "intent" when intentText is null:
                        intentText = StringValue(property);
                        break;
                    case "reasoning" when reasoning is null:
                        reasoning = StringValue(property);
                        break;
                    default:
                        throw new AiInvalidResponseException($"the model's answer has an unexpected or repeated property '{Excerpt(property.Name)}'");
                }
            }

            if (intentText is null || reasoning is null)
            {
                throw new AiInvalidResponseException("the model's answer lacks \"intent\" or \"reasoning\"");
            }

            // By name only: Enum.TryParse would also take "1" or "High, Low".
            var intentName = Enum.GetNames<LeadIntent>().FirstOrDefault(name => string.Equals(name, intentText, StringComparison.OrdinalIgnoreCase))
                ?? throw new AiInvalidResponseException($"the model's intent '{Excerpt(intentText)}' is not High, Medium or Low");
            var intent = Enum.Parse<LeadIntent>(intentName);

            if (string.IsNullOrWhiteSpace(reasoning))
            {
                throw new AiInvalidResponseException("the model's reasoning is empty");
            }

            if (reasoning.Length > MaxReasoningLength)
            {
                throw new AiInvalidResponseException($"the model's reasoning is longer than {MaxReasoningLength} characters");
            }

            return new IntentClassification(intent, reasoning.Trim());
        }
    }

    private static string StringValue(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.String
            ? property.Value.GetString()!
            : throw new AiInvalidResponseException($"the model's \"{property.Name}\" is a JSON {property.Value.ValueKind}, not a string");

    /// <summary>Model output echoes untrusted lead text, so only a short excerpt goes into an error message.</summary>
    private static string Excerpt(string text) =>
        text.Length <= MaxQuotedLength ? text : text[..MaxQuotedLength] + "…";
}
