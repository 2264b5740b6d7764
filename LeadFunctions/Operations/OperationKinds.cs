namespace LeadFunctions.Operations;

/// <summary>What an operations-queue message asks for.</summary>
public static class OperationKinds
{
    /// <summary>Send the leads of a scope back to scoring (<c>POST /api/leads/score</c>).</summary>
    public const string Score = "score";

    /// <summary>Remove everything of a deleted offer (<c>DELETE /api/offer/{id}</c>), then sweep once more after a delay.</summary>
    public const string DeleteOffer = "delete-offer";

    /// <summary>Delete one uploaded CSV version once its keep time is over; has no status resource.</summary>
    public const string ExpireUpload = "expire-upload";
}
