using System.Text;
namespace LeadFunctions.Tests.Results;

/// <summary>A lead edit is held to the same limits as a CSV row: each field, and what they take together once stored.</summary>
public sealed class LeadEditParserTests
{
    private static readonly LeadEntity Current = new()
    {
        Id = "lead-1", OfferId = "offer-1", BatchId = "batch-1", Name = "Ava " + new string('\u00E9', 3000), Role = "CEO", Company = "Acme", Industry = "SaaS", Location = "Pune", LinkedinBio = "bio",
    };

    [Fact]
    public void Fields_each_within_the_limit_that_are_too_big_together_once_stored_are_refused()
    {
        var text = new string('\u00E9', LeadCsvLimits.MaxFieldChars);
        var body = $"{{\"role\":\"{text}\",\"industry\":\"{text}\",\"location\":\"{text}\",\"linkedin_bio\":\"{text}\"}}";
        var (fitting, _) = Parse($"{{\"linkedin_bio\":\"{text}\"}}");

        var (fields, errors) = Parse(body);

        Assert.NotNull(fitting);
        Assert.Null(fields);
        var message = Assert.Single(Assert.Contains("body", errors));
        Assert.Contains("once stored", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused_on_its_field()
    {
        var (fields, errors) = Parse("{\"role\":\"CTO \\udc00\"}");

        Assert.Null(fields);
        Assert.Contains("role", errors.Keys);
    }

    private static (LeadFunctions.Leads.LeadFields? Fields, Dictionary<string, string[]> Errors) Parse(string body) =>
        LeadEditParser.Parse(Encoding.UTF8.GetBytes(body), Current, LeadIdentity.Id);
}
