using LeadFunctions.LocalHost.Events;

namespace LeadFunctions.Tests.LocalHost;

/// <summary>How often the stand-in lists the uploads container: often while listing is cheap, never most of the time.</summary>
public class LocalEventGridPaceTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(60)]
    public void A_quick_listing_is_followed_by_the_interval(int listingMs) =>
        Assert.Equal(LocalEventGrid.Interval, LocalEventGrid.PauseAfter(TimeSpan.FromMilliseconds(listingMs)));

    [Theory]
    [InlineData(100)]
    [InlineData(400)]
    [InlineData(3_000)]
    public void A_slow_listing_spaces_out_the_next_so_listing_takes_at_most_a_fifth_of_the_time(int listingMs)
    {
        var listing = TimeSpan.FromMilliseconds(listingMs);
        var pause = LocalEventGrid.PauseAfter(listing);

        Assert.True(pause > LocalEventGrid.Interval);
        Assert.True(listing / (listing + pause) <= 0.2, $"{listing} of listing, then {pause} of pause");
    }
}
