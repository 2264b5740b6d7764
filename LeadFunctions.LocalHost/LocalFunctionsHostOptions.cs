using LeadFunctions.LocalHost.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.LocalHost;

/// <summary>How to build a local host. The defaults are what <c>dotnet run --project LeadFunctions.LocalHost</c> uses.</summary>
public sealed class LocalFunctionsHostOptions
{
    /// <summary>Command-line arguments (e.g. <c>--urls http://127.0.0.1:7071</c>).</summary>
    public string[] Args { get; init; } = [];

    /// <summary>Where host.json, local.settings.json and node_modules are; null finds the repository root.</summary>
    public RepositoryLayout? Layout { get; init; }

    /// <summary>Whether to read local.settings.json (tests turn it off so a developer's file cannot change them).</summary>
    public bool LoadLocalSettings { get; init; } = true;

    /// <summary>Settings above every other source, environment variables included (for tests).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Runs after the app's and the host's own registrations, so it can add or replace services.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
