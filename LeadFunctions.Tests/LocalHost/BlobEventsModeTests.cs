using LeadFunctions.LocalHost;
using LeadFunctions.LocalHost.Events;

namespace LeadFunctions.Tests.LocalHost;

public class BlobEventsModeTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("watch", true)]
    [InlineData(" Watch ", true)]
    [InlineData("off", false)]
    [InlineData("OFF", false)]
    public void LocalHost__BlobEvents_is_watch_by_default_or_off(string? value, bool watching) =>
        Assert.Equal(watching, BlobEventsMode.IsWatching(value));

    [Fact]
    public void Any_other_value_stops_the_host_at_start_saying_what_is_allowed()
    {
        var ex = Assert.Throws<LocalHostSetupException>(() => BlobEventsMode.IsWatching("poll"));

        Assert.Contains("LocalHost__BlobEvents", ex.Message);
        Assert.Contains("'watch' or 'off'", ex.Message);
    }
}
