namespace LeadFunctions.IntegrationTests.Support;

/// <summary>Tests that need storage join this collection: <c>[Collection(AzuriteCollection.Name)]</c>, and take an <see cref="AzuriteFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
