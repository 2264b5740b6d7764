using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
namespace LeadFunctions.Ai;

/// <summary>
/// The content hash under which a classification is cached: SHA-256 (64 lowercase hex characters) of a canonical JSON
/// array of the prompt version, the model identity, the offer (name, value props, ideal use cases) and the lead's six
/// fields, serialised exactly as the prompt sends them. The offer's rule overrides are not part of it: the model never
/// sees them.
/// </summary>
public static class ClassificationCacheKey
{
    public static string Compute(OfferProfile offer, LeadFields lead, string modelIdentity)
    {
        var canonical = JsonSerializer.Serialize(new[]
        {
            IntentPrompt.Version,
            modelIdentity,
            IntentPrompt.OfferJson(offer),
            IntentPrompt.LeadJson(lead),
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
