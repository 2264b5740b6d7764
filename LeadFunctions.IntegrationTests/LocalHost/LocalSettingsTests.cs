using LeadFunctions.LocalHost;
using LeadFunctions.LocalHost.Configuration;

namespace LeadFunctions.IntegrationTests.LocalHost;

public sealed class LocalSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leadfunctions-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Environment_variables_take_precedence_over_local_settings_values()
    {
        // A name no other test or setting uses, so changing the process environment cannot leak into other tests.
        var section = $"LocalHostProbe{Guid.NewGuid():N}";
        WriteLocalSettings($$"""
            { "IsEncrypted": false, "Values": { "{{section}}__FromBoth": "file", "{{section}}__FileOnly": "file" } }
            """);
        Environment.SetEnvironmentVariable($"{section}__FromBoth", "environment");
        try
        {
            var builder = LocalFunctionsHost.CreateBuilder(new LocalFunctionsHostOptions { Layout = RepositoryLayout.At(_directory) });

            Assert.Equal("environment", builder.Configuration[$"{section}:FromBoth"]);
            Assert.Equal("file", builder.Configuration[$"{section}:FileOnly"]);
            Assert.Equal(Path.Combine(_directory, "local.settings.json"), builder.LocalSettingsPath);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{section}__FromBoth", null);
        }
    }

    [Fact]
    public void Values_use_double_underscores_and_connection_strings_get_their_section()
    {
        WriteLocalSettings("""
            {
              "Values": { "LeadScoring__UploadsContainer": "drop-zone", "Ai__MaxConcurrency": 4, "AzureWebJobsStorage": "UseDevelopmentStorage=true" },
              "ConnectionStrings": { "Reporting": "Server=127.0.0.1" },
              "Host": { "LocalHttpPort": 7199 }
            }
            """);

        var settings = LocalSettingsLoader.Load(Path.Combine(_directory, "local.settings.json"));

        Assert.Equal("drop-zone", settings.Values["LeadScoring:UploadsContainer"]);
        Assert.Equal("4", settings.Values["Ai:MaxConcurrency"]);
        Assert.Equal("Server=127.0.0.1", settings.Values["ConnectionStrings:Reporting"]);
        Assert.Equal(7199, settings.LocalHttpPort);
    }

    [Fact]
    public void Missing_names_fall_back_to_the_defaults_the_binding_expressions_need()
    {
        WriteLocalSettings("""{ "Values": {} }""");

        var builder = LocalFunctionsHost.CreateBuilder(new LocalFunctionsHostOptions { Layout = RepositoryLayout.At(_directory) });

        Assert.Equal("lead-uploads", builder.Configuration["LeadScoring:UploadsContainer"]);
        Assert.Equal("lead-scoring", builder.Configuration["LeadScoring:ScoringQueue"]);
        Assert.Equal("UseDevelopmentStorage=true", builder.Configuration["AzureWebJobsStorage"]);
    }

    [Fact]
    public void An_identity_based_storage_connection_is_not_replaced_by_the_development_default()
    {
        WriteLocalSettings("""{ "Values": { "AzureWebJobsStorage__accountName": "leadstore" } }""");

        var builder = LocalFunctionsHost.CreateBuilder(new LocalFunctionsHostOptions { Layout = RepositoryLayout.At(_directory) });

        Assert.Null(builder.Configuration["AzureWebJobsStorage"]);
        Assert.Equal("leadstore", builder.Configuration["AzureWebJobsStorage:accountName"]);
    }

    [Fact]
    public void An_encrypted_settings_file_is_refused_with_a_clear_message()
    {
        WriteLocalSettings("""{ "IsEncrypted": true, "Values": { "AzureWebJobsStorage": "xyz" } }""");

        var error = Assert.Throws<LocalHostSetupException>(() => LocalSettingsLoader.Load(Path.Combine(_directory, "local.settings.json")));

        Assert.Contains("encrypted", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private void WriteLocalSettings(string json) => File.WriteAllText(Path.Combine(_directory, "local.settings.json"), json);
}
