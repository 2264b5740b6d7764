using System.Diagnostics;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace LeadFunctions.Tests.Telemetry;

/// <summary><see cref="TelemetryServiceCollectionExtensions.AddLeadTelemetry"/>: which exporters it adds, and the log scopes it gives.</summary>
public sealed class TelemetryRegistrationTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";

    [Fact]
    public void The_Azure_Monitor_exporter_is_added_only_when_the_connection_string_is_set()
    {
        Assert.False(RegistersAzureMonitor(new Dictionary<string, string?>()));
        Assert.False(RegistersAzureMonitor(new Dictionary<string, string?> { [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = " " }));
        Assert.True(RegistersAzureMonitor(new Dictionary<string, string?> { [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = ConnectionString }));
    }

    [Fact]
    public void The_exporter_takes_the_connection_string_and_the_managed_identity_of_the_settings()
    {
        var services = Register(new Dictionary<string, string?>
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = ConnectionString,
            [TelemetryServiceCollectionExtensions.AuthenticationStringSetting] = "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD",
        });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

        Assert.Equal(ConnectionString, options.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(options.Credential);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("Authorization=Key", false)]
    [InlineData("ClientId=abc", false)]
    [InlineData("Authorization=AAD", true)]
    [InlineData("ClientId=abc;Authorization=aad", true)]
    public void Only_an_AAD_authentication_string_gives_the_exporter_a_credential(string? authenticationString, bool credential) =>
        Assert.Equal(credential, TelemetryServiceCollectionExtensions.EntraCredential(authenticationString) is ManagedIdentityCredential);

    [Fact]
    public void A_log_written_inside_a_lead_span_carries_its_ids_as_scope()
    {
        var scopes = new List<KeyValuePair<string, object?>>();
        var services = Register(new Dictionary<string, string?>());
        services.AddLogging(logging => logging.AddOpenTelemetry(o => o.AddProcessor(new ScopeCollector(scopes))));
        using var provider = services.BuildServiceProvider();
        using var tracer = provider.GetRequiredService<TracerProvider>();
        var logger = provider.GetRequiredService<ILogger<TelemetryRegistrationTests>>();
        var lead = new ScoreLeadMessage("offer-1", "lead-" + Guid.NewGuid().ToString("N"), "batch-1");

        using (var span = LeadTelemetry.StartLead("ScoreLead", lead))
        {
            Assert.NotNull(span);
            logger.LogInformation("Scoring");
        }

        lock (scopes)
        {
            Assert.Contains(new KeyValuePair<string, object?>(LeadTelemetry.LeadIdTag, lead.LeadId), scopes);
            Assert.Contains(new KeyValuePair<string, object?>(LeadTelemetry.BatchIdTag, "batch-1"), scopes);
            Assert.Contains(new KeyValuePair<string, object?>(LeadTelemetry.OfferIdTag, "offer-1"), scopes);
        }
    }

    private static bool RegistersAzureMonitor(Dictionary<string, string?> settings)
    {
        var exporterAssembly = typeof(AzureMonitorExporterOptions).Assembly;
        return Register(settings).Any(d =>
            new[] { d.ServiceType, d.ImplementationType, d.ImplementationInstance?.GetType() }
                .Where(type => type is not null)
                .SelectMany(type => type!.IsGenericType ? type.GetGenericArguments().Append(type) : [type])
                .Any(type => type.Assembly == exporterAssembly));
    }

    private static ServiceCollection Register(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLeadTelemetry(configuration);
        return services;
    }

    /// <summary>Takes each log record's scope values as it is emitted (scopes are read while the log call runs).</summary>
    private sealed class ScopeCollector(List<KeyValuePair<string, object?>> scopes) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data) =>
            data.ForEachScope<object?>(
                (scope, _) =>
                {
                    lock (scopes)
                    {
                        foreach (var item in scope)
                        {
                            scopes.Add(item);
                        }
                    }
                },
                null);
    }
}
