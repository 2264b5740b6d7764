namespace LeadFunctions.Callbacks;

/// <summary>The <c>callback</c> of the batch JSON, from the header: null when the batch has none.</summary>
public static class BatchCallbackView
{
    public static BatchCallback? From(BatchEntity header) => header.CallbackUrl is null
        ? null
        : new BatchCallback(
            header.CallbackUrl,
            header.CallbackStatus ?? CallbackStatus.Pending,
            header.CallbackAttempts,
            header.CallbackLastStatus,
            header.CallbackLastError,
            header.CallbackDeliveredAt);
}
