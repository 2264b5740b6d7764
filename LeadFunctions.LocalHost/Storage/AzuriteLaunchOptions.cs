namespace LeadFunctions.LocalHost.Storage;

/// <summary>How to start Azurite. Port 0 lets Azurite take a free loopback port (read back from its output).</summary>
public sealed record AzuriteLaunchOptions
{
    public const int DefaultBlobPort = 10000;
    public const int DefaultQueuePort = 10001;
    public const int DefaultTablePort = 10002;

    /// <summary>The directory whose <c>node_modules</c> holds Azurite (the repository root, after <c>npm ci</c>).</summary>
    public required string RepositoryRoot { get; init; }

    public int BlobPort { get; init; } = DefaultBlobPort;

    public int QueuePort { get; init; } = DefaultQueuePort;

    public int TablePort { get; init; } = DefaultTablePort;

    /// <summary>Workspace folder for persisted data; null keeps everything in memory (<c>--inMemoryPersistence</c>).</summary>
    public string? Location { get; init; }

    /// <summary>How long to wait for all three services to listen.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public static AzuriteLaunchOptions DevelopmentStorage(string repositoryRoot) => new()
    {
        RepositoryRoot = repositoryRoot,
        Location = Path.Combine(repositoryRoot, ".azurite"),
    };

    public static AzuriteLaunchOptions InMemoryOnFreePorts(string repositoryRoot) => new()
    {
        RepositoryRoot = repositoryRoot,
        BlobPort = 0,
        QueuePort = 0,
        TablePort = 0,
    };
}
