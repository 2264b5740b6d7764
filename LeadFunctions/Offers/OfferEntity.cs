using System.Text.Json;
using Azure;
using Azure.Data.Tables;
namespace LeadFunctions.Offers;

/// <summary>An offer in the offers table (one partition: offers are few and listed together).</summary>
public sealed class OfferEntity : ITableEntity
{
    public const string Partition = "offer";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string ValuePropsJson { get; set; } = "[]";
    public string IdealUseCasesJson { get; set; } = "[]";
    public string? RulesJson { get; set; }

    /// <summary>Where the offer's batches report their end unless their upload named its own URL (Callbacks/).</summary>
    public string? CallbackUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>How many partitions of the leads table hold its leads, fixed at creation; none stored (an older offer): one.</summary>
    public int? LeadPartitionCount { get; set; }

    public string Id => RowKey;

    public LeadPartitions GetLeadPartitions() => new(Id, Math.Clamp(LeadPartitionCount ?? 1, 1, LeadPartitions.MaxCount));

    public static OfferEntity From(string id, OfferInput input, DateTimeOffset createdAt, DateTimeOffset updatedAt) => new()
    {
        RowKey = id,
        Name = input.Name,
        ValuePropsJson = JsonSerializer.Serialize(input.ValueProps, JsonDefaults.Options),
        IdealUseCasesJson = JsonSerializer.Serialize(input.IdealUseCases, JsonDefaults.Options),
        RulesJson = input.Rules is null ? null : JsonSerializer.Serialize(input.Rules, JsonDefaults.Options),
        CallbackUrl = input.CallbackUrl,
        CreatedAt = createdAt,
        UpdatedAt = updatedAt,
    };

    /// <summary>Each body field with the number of UTF-16 characters it takes once stored (lists and rules as JSON, escapes included).</summary>
    public static IEnumerable<(string Field, int StoredChars)> StoredLengths(OfferInput input)
    {
        var entity = From("", input, default, default);
        yield return ("name", entity.Name.Length);
        yield return ("value_props", entity.ValuePropsJson.Length);
        yield return ("ideal_use_cases", entity.IdealUseCasesJson.Length);
        yield return ("rules", entity.RulesJson?.Length ?? 0);
    }

    public OfferProfile ToProfile() => new(
        Name,
        JsonSerializer.Deserialize<string[]>(ValuePropsJson, JsonDefaults.Options) ?? [],
        JsonSerializer.Deserialize<string[]>(IdealUseCasesJson, JsonDefaults.Options) ?? [],
        RulesJson is null ? null : JsonSerializer.Deserialize<OfferRules>(RulesJson, JsonDefaults.Options));

    public OfferResponse ToResponse()
    {
        var profile = ToProfile();
        return new OfferResponse(Id, Name, profile.ValueProps, profile.IdealUseCases, profile.Rules, CreatedAt, UpdatedAt, CallbackUrl);
    }
}
