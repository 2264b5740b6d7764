using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Events;

/// <summary>
/// Runs the <see cref="LocalEventGrid"/> inside the local host, posting to the host's own webhook once Kestrel listens,
/// unless <c>LocalHost__BlobEvents</c> is <c>off</c>.
/// </summary>
internal sealed class LocalEventGridService(
    IConfiguration configuration,
    IServer server,
    IHostApplicationLifetime lifetime,
    UploadsContainer uploads,
    IngestedBlobs ingested,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly bool _watching = BlobEventsMode.IsWatching(configuration[BlobEventsMode.SettingKey]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_watching)
        {
            loggers.CreateLogger<LocalEventGridService>().LogInformation(
                "LocalHost__BlobEvents is off: blobs are ingested only when a BlobCreated event is posted to {Path}", BlobEventsMode.WebhookPathAndQuery);
            return;
        }

        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var standIn = new LocalEventGrid(uploads.Client, new Uri(OwnBaseAddress(), BlobEventsMode.WebhookPathAndQuery), http,
            ingested.ContainsAsync, time, loggers.CreateLogger<LocalEventGrid>());
        await uploads.EnsureCreatedAsync(stoppingToken);
        await standIn.RunAsync(stoppingToken);
    }

    /// <summary>The first address Kestrel bound, with a wildcard host made loopback.</summary>
    private Uri OwnBaseAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The local host listens on no address.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            uri.Host = "127.0.0.1";
        }

        return uri.Uri;
    }
}
