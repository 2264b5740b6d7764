namespace LeadFunctions.Batches;

/// <summary>Batch lifecycle states of the API (<c>status</c>).</summary>
public static class BatchStatus
{
    public const string Ingesting = "ingesting";
    public const string Scoring = "scoring";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
