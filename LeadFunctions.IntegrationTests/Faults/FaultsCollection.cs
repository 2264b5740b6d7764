namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>
/// Fault tests share one Azurite of their own and run alone, after the parallel collections: they wait out retries,
/// kill processes and restart storage, and must not compete for the two cores with other tests while doing it.
/// They take minutes; <c>--filter Category!=Faults</c> leaves them out of a quick run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Faults";
}
