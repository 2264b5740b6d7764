namespace LeadFunctions.Callbacks;

/// <summary>
/// One step of a batch's callback on the webhook queue: <see cref="Attempt"/> 0 looks whether the batch has ended
/// (<see cref="Round"/> counts the looks, for the backoff); 1, 2, … are delivery attempts.
/// </summary>
public sealed record BatchCallbackMessage(string BatchId, int Attempt = 0, int Round = 0);
