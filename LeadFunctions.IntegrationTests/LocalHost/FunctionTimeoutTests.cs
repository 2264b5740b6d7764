using LeadFunctions.LocalHost;
using LeadFunctions.LocalHost.Configuration;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.IntegrationTests.LocalHost;

/// <summary>The local host takes <c>functionTimeout</c> from host.json and its environment override, as the Functions host does.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionTimeoutTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_repository_host_json_timeout_applies_to_the_triggers_and_throws_on_timeout()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);

        var options = host.Services.GetRequiredService<IOptions<JobHostFunctionTimeoutOptions>>().Value;
        Assert.Equal((TimeSpan.FromMinutes(10), true, true), (options.Timeout, options.ThrowOnTimeout, options.TimeoutWhileDebugging));
    }

    [Fact]
    public async Task The_AzureFunctionsJobHost__functionTimeout_setting_overrides_host_json()
    {
        await using var host = await RunningLocalHost.StartAsync(storage, new Dictionary<string, string?>
        {
            [FunctionTimeoutConfigurator.Key] = "00:01:00",
        });

        Assert.Equal(TimeSpan.FromMinutes(1), host.Services.GetRequiredService<IOptions<JobHostFunctionTimeoutOptions>>().Value.Timeout);
    }

    [Theory]
    [InlineData(null, "00:30:00")]
    [InlineData("00:05:00", "00:05:00")]
    [InlineData("-1", null)]
    [InlineData("-1.00:00:00", null)]
    public void Absent_means_30_minutes_and_minus_one_means_no_limit(string? setting, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [FunctionTimeoutConfigurator.Key] = setting }).Build();

        Assert.Equal(expected is null ? null : TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FunctionTimeoutConfigurator.Read(configuration));
    }

    [Theory]
    [InlineData("00:00:00.5")]
    [InlineData("ten minutes")]
    public void A_timeout_under_a_second_or_unreadable_stops_the_host_from_starting(string setting)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [FunctionTimeoutConfigurator.Key] = setting }).Build();

        var error = Assert.Throws<LocalHostSetupException>(() => FunctionTimeoutConfigurator.Read(configuration));
        Assert.Contains("functionTimeout", error.Message);
    }
}
