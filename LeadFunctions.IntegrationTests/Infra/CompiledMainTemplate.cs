namespace LeadFunctions.IntegrationTests.Infra;

/// <summary>Compiles infra/main.bicep once for every test in the Infra collection.</summary>
public sealed class CompiledMainTemplate : IAsyncLifetime
{
    private ArmTemplate? _template;

    public static string InfraFolder => RepositoryRoot.Combine("infra");

    public ShellScriptResult Build { get; private set; } = new(-1, "", "");

    internal ArmTemplate Template => _template ??= Parse();

    public async Task InitializeAsync() => Build = await BicepCli.RunAsync(InfraFolder, "build", "main.bicep", "--stdout");

    public Task DisposeAsync() => Task.CompletedTask;

    private ArmTemplate Parse()
    {
        Assert.True(Build.ExitCode == 0, $"bicep build exited {Build.ExitCode}:\n{Build.StandardError.Trim()}");
        return ArmTemplate.Parse(Build.StandardOutput);
    }
}

[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<CompiledMainTemplate>
{
    public const string Name = "Infra";
}
