namespace LeadFunctions.Tests.Testing;

/// <summary>The storage fixture takes the account its environment variable names as it is, and starts nothing then.</summary>
public sealed class AzuriteFixtureTests
{
    [Fact]
    public async Task Storage_named_by_the_environment_is_used_as_is_and_no_Azurite_is_started()
    {
        // A variable of this test's own, so no other test's storage changes.
        var variable = "LEADFUNCTIONS_TEST_STORAGE_" + Guid.NewGuid().ToString("N");
        var account = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:9/{Guid.NewGuid():N};";
        Environment.SetEnvironmentVariable(variable, account);
        try
        {
            await using var storage = await AzuriteFixture.StartAsync(variable, CancellationToken.None);

            Assert.Equal(account, storage.ConnectionString);
            Assert.False(storage.IsPrivate);
            Assert.Null(storage.AzuriteProcessId);
            Assert.Null(storage.AzuriteCpuTime());
            Assert.Equal("the storage account in " + variable, AzuriteFixture.Describe(variable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
