namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>
/// The large-file test gets an Azurite of its own and runs alone, after the parallel collections. Azurite frees each
/// consumed queue message by rebuilding its whole extent index (LokiJS <c>findAndRemove</c>), so with tens of thousands of messages
/// left in a shared Azurite every message any later test consumed would cost a sort of that many keys, and its minutely
/// sweep would stall all requests for seconds to minutes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeCsvCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Large CSV";
}
