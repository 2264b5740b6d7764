namespace LeadFunctions.Ai;

/// <summary>Asks a language model how likely a lead is to buy an offer.</summary>
public interface IIntentClassifier
{
    /// <summary>Classifies one lead for one offer.</summary>
    /// <exception cref="AiTransientException">The service kept failing (429, 5xx, timeout, network) after the in-call retries: try again later.</exception>
    /// <exception cref="AiInvalidResponseException">The model answered something that is not a valid classification.</exception>
    /// <exception cref="AiRequestRejectedException">The service refused the request (bad key, unknown deployment, 400): retrying will not help.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IntentClassification> ClassifyAsync(OfferProfile offer, LeadFields lead, CancellationToken cancellationToken);
}
