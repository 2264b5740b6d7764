namespace LeadFunctions.Configuration;

public enum AiProvider
{
    None,
    AzureOpenAI,
    OpenAI,
}

/// <summary>AI layer settings, bound from the <c>Ai</c> section (<c>Ai__*</c> app settings).</summary>
public sealed class AiOptions
{
    public const string SectionName = "Ai";

    public AiProvider Provider { get; set; } = AiProvider.None;

    /// <summary>Azure OpenAI resource URL, or an OpenAI-compatible base URL such as <c>http://127.0.0.1:11434/v1</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>API key. Empty with <see cref="AiProvider.AzureOpenAI"/> means managed identity.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Deployment name (Azure OpenAI) or model name (OpenAI-compatible).</summary>
    public string? Model { get; set; }

    /// <summary>AI calls allowed per minute for the whole app, however many instances run (retries included).</summary>
    public int MaxRequestsPerMinute { get; set; } = 600;

    /// <summary>AI calls in flight at once for the whole app; each busy instance holds its share (at least one).</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>Timeout of one AI call, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsEnabled => Provider != AiProvider.None;

    /// <summary>The mode reported by health and recorded on scored leads.</summary>
    public string Mode => IsEnabled ? "hybrid" : "rules-only";
}
