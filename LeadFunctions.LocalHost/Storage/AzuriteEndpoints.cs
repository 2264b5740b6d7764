namespace LeadFunctions.LocalHost.Storage;

/// <summary>The loopback ports one Azurite instance listens on, and the connection string that reaches them.</summary>
public sealed record AzuriteEndpoints(int BlobPort, int QueuePort, int TablePort)
{
    /// <summary>Azurite's (and the storage emulator's) well-known account; the key is public, documented test data.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static AzuriteEndpoints Default { get; } = new(
        AzuriteLaunchOptions.DefaultBlobPort, AzuriteLaunchOptions.DefaultQueuePort, AzuriteLaunchOptions.DefaultTablePort);

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};"
        + $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};"
        + $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public IReadOnlyList<int> Ports => [BlobPort, QueuePort, TablePort];
}
