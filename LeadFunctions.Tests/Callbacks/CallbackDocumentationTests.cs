using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Tests.Callbacks;

/// <summary>What the OpenAPI document and the offer parser say of callbacks matches what the app does.</summary>
public sealed class CallbackDocumentationTests
{
    private static readonly JsonObject Document = OpenApiDocumentBuilder.Build(LeadScoringOptions.DefaultMaxUploadBytes);

    [Fact]
    public void The_batch_schema_documents_callback_with_every_field_the_batch_json_has()
    {
        var batch = Document["components"]!["schemas"]!["Batch"]!["properties"]!["callback"]!;
        Assert.Equal("#/components/schemas/BatchCallback", batch["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.True(batch["nullable"]!.GetValue<bool>());

        var header = new BatchEntity { BatchId = "b1", CallbackUrl = "https://hooks.example.com/x", CallbackStatus = CallbackStatus.Pending };
        var shown = JsonSerializer.SerializeToNode(BatchCallbackView.From(header), JsonDefaults.Options)!.AsObject();
        var documented = Document["components"]!["schemas"]!["BatchCallback"]!["properties"]!.AsObject();
        Assert.Equal(shown.Select(p => p.Key).Order(), documented.Select(p => p.Key).Order());
        Assert.Null(BatchCallbackView.From(new BatchEntity { BatchId = "b2" }));
    }

    [Fact]
    public void Offers_and_the_upload_document_callback_url_with_its_length_limit()
    {
        var schemas = Document["components"]!["schemas"]!;
        foreach (var schema in new[] { "Offer", "OfferInput" })
        {
            var field = schemas[schema]!["properties"]!["callback_url"]!;
            Assert.Equal(CallbackUrlPolicy.MaxUrlLength, field["maxLength"]!.GetValue<int>());
            Assert.Contains("LeadScoring__WebhookSecret", field["description"]!.GetValue<string>());
        }

        var parameter = Document["paths"]!["/api/leads/upload"]!["post"]!["parameters"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == CallbackUrlPolicy.Field)!;
        Assert.Equal("query", parameter["in"]!.GetValue<string>());
        Assert.Equal(CallbackUrlPolicy.MaxUrlLength, parameter["schema"]!["maxLength"]!.GetValue<int>());
    }

    [Fact]
    public void The_offer_parser_keeps_an_accepted_callback_url_and_names_the_field_when_it_refuses_one()
    {
        var policy = new CallbackUrlPolicy(Options.Create(new LeadScoringOptions { WebhookSecret = "s" }));

        var accepted = OfferBodyParser.Parse("""{"name":"Offer","callback_url":" https://hooks.example.com/x "}"""u8, policy);
        Assert.Equal("https://hooks.example.com/x", accepted.Offer!.CallbackUrl);
        Assert.Null(OfferBodyParser.Parse("""{"name":"Offer","callback_url":null}"""u8, policy).Offer!.CallbackUrl);
        Assert.Null(OfferBodyParser.Parse("""{"name":"Offer"}"""u8, policy).Offer!.CallbackUrl);

        foreach (var body in new[] { """{"name":"Offer","callback_url":"https://10.0.0.1/"}""", """{"name":"Offer","callback_url":42}""", """{"name":"Offer","callback_url":""}""" })
        {
            var refused = OfferBodyParser.Parse(Encoding.UTF8.GetBytes(body), policy);
            Assert.False(refused.IsValid, body);
            Assert.Contains(CallbackUrlPolicy.Field, refused.Errors.Keys);
        }

        // Without app settings (no secret) a callback URL is refused with the setting's name.
        var unsigned = OfferBodyParser.Parse("""{"name":"Offer","callback_url":"https://hooks.example.com/x"}"""u8);
        Assert.Contains("LeadScoring__WebhookSecret", unsigned.Errors[CallbackUrlPolicy.Field][0]);
    }

    [Fact]
    public void An_offer_round_trips_its_callback_url_through_storage_and_the_response()
    {
        var input = new OfferInput("Offer", [], [], null, "https://hooks.example.com/x");
        var response = OfferEntity.From("o1", input, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch).ToResponse();
        Assert.Equal("https://hooks.example.com/x", response.CallbackUrl);
        Assert.Equal("https://hooks.example.com/x", JsonSerializer.SerializeToNode(response, JsonDefaults.Options)!["callback_url"]!.GetValue<string>());
    }
}
