namespace LeadFunctions.Ingest;

/// <summary>The 202 answer of an upload: where to watch the batch.</summary>
public sealed record UploadAccepted(string BatchId, string OfferId, string StatusUrl, string Blob);
