using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
namespace LeadFunctions.Telemetry;

/// <summary>
/// The app's own spans: one per function invocation, started by the function adapter (or, for HTTP functions, by
/// <see cref="Http.HttpFunctionMiddleware"/>), tagged with the ids that let one batch be followed from its upload
/// through its ingest to the scoring of each lead. Logs written inside a span carry the same tags as their scope
/// (see <see cref="TelemetryServiceCollectionExtensions.AddLeadTelemetry"/>).
/// </summary>
public static class LeadTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name exporters subscribe to.</summary>
    public const string SourceName = "LeadFunctions";

    public const string OfferIdTag = "offer_id";
    public const string BatchIdTag = "batch_id";
    public const string LeadIdTag = "lead_id";
    public const string OperationIdTag = "operation_id";

    /// <summary>The uploads-container blob an ingest reads (<c>{offer_id}/{name}.csv</c>).</summary>
    public const string BlobTag = "blob";

    /// <summary>The tags a request may name in its query string; the span carries them when they are valid ids.</summary>
    private static readonly string[] QueryTags = [OfferIdTag, BatchIdTag, LeadIdTag];

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of one function invocation, named after the function; null when nothing listens.</summary>
    public static Activity? StartFunction(string functionName) => Source.StartActivity(functionName, ActivityKind.Internal);

    /// <summary>Starts the span of one scoring-queue message: the lead, its batch and its offer.</summary>
    public static Activity? StartLead(string functionName, ScoreLeadMessage lead) =>
        StartFunction(functionName)
            .WithTag(OfferIdTag, lead.OfferId)
            .WithTag(BatchIdTag, lead.BatchId)
            .WithTag(LeadIdTag, lead.LeadId);

    /// <summary>Tags the span with the ids named in a request's query string (<c>offer_id</c>, <c>batch_id</c>, <c>lead_id</c>).</summary>
    public static Activity? WithQueryIds(this Activity? span, Func<string, string?> query)
    {
        foreach (var tag in QueryTags)
        {
            if (query(tag) is { } value && TableKeys.IsValid(value))
            {
                span.WithTag(tag, value);
            }
        }

        return span;
    }

    /// <summary>Sets a tag unless the value is empty (an id the request did not name is no tag at all).</summary>
    public static Activity? WithTag(this Activity? span, string tag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            span?.SetTag(tag, value);
        }

        return span;
    }

    /// <summary>
    /// Tags the invocation's span (the current one, between the SDK calls it makes) once the function knows an id;
    /// returns the id, so an adapter can tag it where it uses it.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Tag(string tag, string? value)
    {
        Activity.Current.WithTag(tag, value);
        return value;
    }

    /// <summary>Tags the invocation's span with a lead it found (its id, batch and offer); returns the lead.</summary>
    public static LeadEntity? Tag(LeadEntity? lead)
    {
        if (lead is not null)
        {
            Activity.Current
                .WithTag(OfferIdTag, lead.OfferId)
                .WithTag(BatchIdTag, lead.BatchId)
                .WithTag(LeadIdTag, lead.Id);
        }

        return lead;
    }

    /// <summary>Marks the span failed with the exception, which the function then rethrows.</summary>
    public static void Failed(this Activity? span, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error, exception.Message);
        span?.AddException(exception);
    }
}
