using LeadFunctions.Model;

namespace LeadFunctions.Ingest;

/// <summary>An accepted CSV row with the id its identity (name, company) gives it within the offer.</summary>
public sealed record IngestLead(string LeadId, LeadFields Fields);
