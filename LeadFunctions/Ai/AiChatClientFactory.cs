using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Identity;
using OpenAI;
using OpenAI.Chat;

namespace LeadFunctions.Ai;

/// <summary>
/// Builds the SDK chat client from <see cref="AiOptions"/>: <see cref="AzureOpenAIClient"/> (API key, or
/// <see cref="DefaultAzureCredential"/> when <c>Ai:ApiKey</c> is empty) or the plain OpenAI <see cref="ChatClient"/> on any
/// OpenAI-compatible base URL.
/// </summary>
/// <remarks>
/// The SDK's retry policy is switched off: <see cref="OpenAiIntentClassifier"/> retries itself (honouring Retry-After and
/// the instance budget), and Azure.AI.OpenAI 2.x's own retry of a 429 is known to surface as a misleading 401
/// (Azure/azure-sdk-for-net#47779).
/// </remarks>
public static class AiChatClientFactory
{
    /// <summary>Sent when an OpenAI-compatible server needs no key (Ollama, vLLM): the SDK requires one.</summary>
    public const string PlaceholderApiKey = "unused";

    /// <param name="credential">The identity used when <c>Ai:ApiKey</c> is empty with Azure OpenAI; <see cref="DefaultAzureCredential"/> by default.</param>
    public static ChatClient Create(AiOptions options, TokenCredential? credential = null)
    {
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var model = options.Model ?? throw new InvalidOperationException("Ai:Model is required.");
        switch (options.Provider)
        {
            case AiProvider.AzureOpenAI:
                var azureOptions = Configure(new AzureOpenAIClientOptions(), timeout);
                var endpoint = new Uri(options.Endpoint ?? throw new InvalidOperationException("Ai:Endpoint is required for Azure OpenAI."));
                var azureClient = string.IsNullOrWhiteSpace(options.ApiKey)
                    ? new AzureOpenAIClient(endpoint, credential ?? new DefaultAzureCredential(), azureOptions)
                    : new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), azureOptions);
                return azureClient.GetChatClient(model);

            case AiProvider.OpenAI:
                var openAiOptions = Configure(new OpenAIClientOptions(), timeout);
                if (!string.IsNullOrWhiteSpace(options.Endpoint))
                {
                    openAiOptions.Endpoint = new Uri(options.Endpoint);
                }

                var key = string.IsNullOrWhiteSpace(options.ApiKey) ? PlaceholderApiKey : options.ApiKey;
                return new ChatClient(model, new ApiKeyCredential(key), openAiOptions);

            default:
                throw new InvalidOperationException($"Ai:Provider {options.Provider} has no chat client.");
        }
    }

    /// <summary>What identifies the model answering, for the cache key: provider, endpoint and model or deployment.</summary>
    public static string ModelIdentity(AiOptions options) =>
        $"{options.Provider}|{options.Endpoint?.Trim().TrimEnd('/')}|{options.Model}";

    private static T Configure<T>(T options, TimeSpan timeout) where T : ClientPipelineOptions
    {
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        options.NetworkTimeout = timeout;
        return options;
    }
}
