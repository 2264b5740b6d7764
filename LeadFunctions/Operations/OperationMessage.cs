namespace LeadFunctions.Operations;

/// <summary>
/// One operations-queue message. It carries everything the work needs, so a message sent by a request that was cut
/// short before it recorded the operation still runs (and records it).
/// </summary>
/// <param name="Phase">For <see cref="OperationKinds.DeleteOffer"/>: null first, <c>final</c> for the delayed last sweep.</param>
/// <param name="NotBefore">For <see cref="OperationKinds.ExpireUpload"/>: the queue hides a message for at most 7 days, so a longer wait is sent again.</param>
public sealed record OperationMessage(
    string OperationId,
    string Kind,
    string? OfferId = null,
    string? BatchId = null,
    bool Rescore = false,
    string? Phase = null,
    string? Blob = null,
    string? BlobETag = null,
    DateTimeOffset? NotBefore = null)
{
    public const string FinalPhase = "final";

    public static string NewId() => "op" + Guid.NewGuid().ToString("N")[..30];
}
