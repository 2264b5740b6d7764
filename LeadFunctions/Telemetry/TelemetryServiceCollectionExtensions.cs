using System.Diagnostics;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace LeadFunctions.Telemetry;

/// <summary>
/// OpenTelemetry for the worker and the local host alike: the app's spans (<see cref="LeadTelemetry"/>), the Azure SDK's
/// storage calls and the HTTP calls to the AI service as dependencies, exported to Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and to the console when <c>LeadScoring:ConsoleTelemetry</c> is true.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The setting Azure Functions and the Azure Monitor exporter read the Application Insights target from.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>How the exporter authenticates: <c>Authorization=AAD</c>, optionally with <c>ClientId=</c> (see <see cref="EntraCredential"/>).</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>True writes every span to standard output (local runs: <c>LeadScoring__ConsoleTelemetry</c>).</summary>
    public const string ConsoleSetting = "LeadScoring:ConsoleTelemetry";

    /// <summary>The switch that makes the Azure SDK start <see cref="Activity"/>s on its <c>Azure.*</c> sources.</summary>
    private const string AzureSdkActivitySwitch = "Azure.Experimental.EnableActivitySource";

    /// <summary>The source of the Azure SDK's own HTTP spans; the HttpClient span beneath one would repeat it.</summary>
    private const string AzureSdkHttpSource = "Azure.Core.Http";

    public static IServiceCollection AddLeadTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // Read by the Azure SDK when its first client is built, so it must be set before the app builds any.
        AppContext.SetSwitch(AzureSdkActivitySwitch, true);

        // A log written inside a span carries the span's tags (offer_id, batch_id, lead_id) as its scope.
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions |=
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId | ActivityTrackingOptions.Tags);
        services.Configure<OpenTelemetryLoggerOptions>(o => o.IncludeScopes = true);

        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing
                .AddSource(LeadTelemetry.SourceName)
                .AddSource("Azure.*")
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = _ => !IsInsideAzureSdkCall()));

        if (!string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            var credential = EntraCredential(configuration[AuthenticationStringSetting]);
            telemetry.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = configuration[ConnectionStringSetting];
                o.Credential = credential;
            });
        }

        if (configuration.GetValue<bool>(ConsoleSetting))
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter());
        }

        return services;
    }

    /// <summary>
    /// The identity the exporter sends with, from the setting the Functions host reads too (infra/main.bicep sets it,
    /// since the Application Insights resource takes Microsoft Entra tokens only): <c>Authorization=AAD</c> is the
    /// app's system identity, with <c>ClientId=…;</c> a user-assigned one. Null (the connection string's key) otherwise.
    /// </summary>
    public static TokenCredential? EntraCredential(string? authenticationString)
    {
        var parts = (authenticationString ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    /// <summary>Storage calls already have the Azure SDK's span; only the AI service's HTTP calls need HttpClient's.</summary>
    private static bool IsInsideAzureSdkCall() =>
        Activity.Current is { } current
        && (current.Source.Name == AzureSdkHttpSource || current.Parent?.Source.Name == AzureSdkHttpSource);
}
