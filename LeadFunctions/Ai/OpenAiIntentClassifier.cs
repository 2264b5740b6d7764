using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;

namespace LeadFunctions.Ai;

/// <summary>
/// Classifies a lead with one chat completion (Azure OpenAI or any OpenAI-compatible endpoint, through the SDK's
/// <see cref="ChatClient"/>). Each HTTP attempt passes the instance's <see cref="AiRequestGate"/> and has its own
/// timeout; 429, 408, 5xx, timeouts and network failures are retried by <see cref="AiRetryPolicy"/>.
/// </summary>
public sealed class OpenAiIntentClassifier(
    ChatClient chatClient,
    AiRequestGate gate,
    AiRetryPolicy retryPolicy,
    TimeSpan callTimeout,
    ILogger<OpenAiIntentClassifier> logger) : IIntentClassifier
{
    public async Task<IntentClassification> ClassifyAsync(OfferProfile offer, LeadFields lead, CancellationToken cancellationToken)
    {
        var messages = IntentPrompt.BuildMessages(offer, lead);
        for (var attempt = 1; ; attempt++)
        {
            Failure failure;
            try
            {
                return await AttemptAsync(messages, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (AiCredentialException.IsCredentialFailure(e))
            {
                // No token, no request: retrying inside this call would only ask the identity endpoint again at once.
                throw new AiCredentialException(e);
            }
            catch (ClientResultException e) when (e.Status is 0 or 408 or 429 or >= 500)
            {
                var response = e.GetRawResponse();
                failure = e.Status == 0
                    ? new Failure("the AI service could not be reached", null, null, e)
                    : new Failure(
                        $"HTTP {e.Status} from the AI service",
                        e.Status,
                        response is null ? null : RetryAfter.FromHeaders(name => Header(response, name), retryPolicy.TimeProvider.GetUtcNow()),
                        e);
            }
            catch (ClientResultException e)
            {
                throw new AiRequestRejectedException($"HTTP {e.Status} from the AI service", e.Status, e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new Failure($"the AI call timed out after {callTimeout.TotalSeconds:0.###} s", null, null, e);
            }

            if (attempt >= retryPolicy.MaxAttempts)
            {
                throw new AiTransientException($"{failure.Reason} ({attempt} attempts)", attempt, failure.Status, failure.Exception);
            }

            var delay = retryPolicy.DelayAfter(attempt, failure.RetryAfter);
            logger.LogWarning(
                failure.Exception,
                "AI attempt {Attempt} of {MaxAttempts} failed: {Reason}; retrying in {Delay}",
                attempt,
                retryPolicy.MaxAttempts,
                failure.Reason,
                delay);
            await retryPolicy.WaitAsync(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IntentClassification> AttemptAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        using var slot = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(callTimeout);

        ChatCompletion completion;
        try
        {
            completion = (await chatClient.CompleteChatAsync(messages, IntentPrompt.CreateOptions(), timeout.Token).ConfigureAwait(false)).Value;
        }
        catch (JsonException e)
        {
            throw new AiInvalidResponseException("the AI service returned a body that is not a chat completion", e);
        }

        return IntentResponseParser.Parse(completion);
    }

    private static string? Header(System.ClientModel.Primitives.PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out var value) ? value : null;

    private sealed record Failure(string Reason, int? Status, TimeSpan? RetryAfter, Exception Exception);
}
