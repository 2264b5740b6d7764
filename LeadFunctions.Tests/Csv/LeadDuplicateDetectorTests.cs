namespace LeadFunctions.Tests.Csv;

public class LeadDuplicateDetectorTests
{
    [Fact]
    public void The_first_occurrence_wins_and_repeats_are_duplicates()
    {
        var detector = new LeadDuplicateDetector();

        Assert.True(detector.TryAdd(Lead("Ava Patel", "FlowMetrics")));
        Assert.False(detector.TryAdd(Lead("ava  patel", " flowmetrics ")));
        Assert.True(detector.TryAdd(Lead("Ava Patel", "DataCorp")));
        Assert.False(detector.TryAdd(Lead("AVA PATEL", "datacorp")));
        Assert.Equal(2, detector.Count);
    }

    private static LeadFields Lead(string name, string company) => new(name, "CEO", company, "SaaS", "Pune", "bio");
}
