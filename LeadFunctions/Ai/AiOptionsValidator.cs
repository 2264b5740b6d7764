using Microsoft.Extensions.Options;

namespace LeadFunctions.Ai;

/// <summary>Rejects AI settings that cannot work, at startup rather than on the first lead.</summary>
public sealed class AiOptionsValidator : IValidateOptions<AiOptions>
{
    public const int MaxTimeoutSeconds = 600;

    public ValidateOptionsResult Validate(string? name, AiOptions options)
    {
        if (!options.IsEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            errors.Add("Ai:Model (the deployment name for Azure OpenAI, the model name otherwise) is required.");
        }

        if (options.Provider == AiProvider.AzureOpenAI && string.IsNullOrWhiteSpace(options.Endpoint))
        {
            errors.Add("Ai:Endpoint (the Azure OpenAI resource URL) is required for Azure OpenAI.");
        }

        if (!string.IsNullOrWhiteSpace(options.Endpoint)
            && !(Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add($"Ai:Endpoint '{options.Endpoint}' is not an absolute http(s) URL.");
        }

        if (options.MaxRequestsPerMinute < 1)
        {
            errors.Add("Ai:MaxRequestsPerMinute must be at least 1.");
        }

        if (options.MaxConcurrency < 1)
        {
            errors.Add("Ai:MaxConcurrency must be at least 1.");
        }

        if (options.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            errors.Add($"Ai:TimeoutSeconds must be between 1 and {MaxTimeoutSeconds}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
