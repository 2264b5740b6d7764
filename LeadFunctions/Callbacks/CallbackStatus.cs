namespace LeadFunctions.Callbacks;

/// <summary>The states of a batch's callback, as the batch JSON shows them.</summary>
public static class CallbackStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
