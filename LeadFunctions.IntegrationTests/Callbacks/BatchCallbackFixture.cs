namespace LeadFunctions.IntegrationTests.Callbacks;

/// <summary>A local host with callbacks on: a signing secret, loopback allowed, and a schedule in seconds.</summary>
public sealed class BatchCallbackFixture(AzuriteFixture storage) : LocalHostFixture(storage)
{
    public const string Secret = "callback-test-secret";

    /// <summary>Attempts are 1 s, then 2 s, 4 s apart; none starts later than 4 s after the first.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(4);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["LeadScoring:WebhookSecret"] = Secret,
        ["LeadScoring:WebhookAllowLoopback"] = "true",
        ["LeadScoring:WebhookWatchDelay"] = "00:00:00.500",
        ["LeadScoring:WebhookRetryDelay"] = "00:00:01",
        ["LeadScoring:WebhookGiveUpAfter"] = GiveUpAfter.ToString("c"),
        ["LeadScoring:WebhookTimeout"] = "00:00:05",
    };
}
