namespace LeadFunctions.Ingest;

/// <summary>An accepted CSV row with the id its identity (name, company) gives it within the offer, and its file line.</summary>
public sealed record IngestLead(string LeadId, LeadFields Fields, long Line);
