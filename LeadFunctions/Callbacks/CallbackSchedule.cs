namespace LeadFunctions.Callbacks;

/// <summary>When the next look at a running batch, and the next delivery attempt, are due; and when to stop.</summary>
public sealed class CallbackSchedule(LeadScoringOptions options)
{
    /// <summary>The longest wait between two looks at a running batch: a finished batch is noticed within this.</summary>
    public static readonly TimeSpan MaxWatchDelay = TimeSpan.FromMinutes(5);

    /// <summary>The longest wait between two delivery attempts.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    /// <summary>The wait before look <paramref name="round"/> + 1, doubling from <c>WebhookWatchDelay</c>.</summary>
    public TimeSpan WatchDelay(int round) => Doubled(options.WebhookWatchDelay, round, MaxWatchDelay);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based), doubling from <c>WebhookRetryDelay</c>.</summary>
    public TimeSpan RetryDelay(int attempt) => Doubled(options.WebhookRetryDelay, attempt - 1, MaxRetryDelay);

    /// <summary>Whether a batch that has not ended by <paramref name="now"/> is still worth watching.</summary>
    public bool KeepWatching(DateTimeOffset ingestEndedAt, DateTimeOffset now) => now - ingestEndedAt < options.WebhookWatchFor;

    /// <summary>Whether an attempt at <paramref name="next"/> falls within the give-up time counted from the first attempt.</summary>
    public bool MayRetryAt(DateTimeOffset firstAttemptAt, DateTimeOffset next) => next - firstAttemptAt <= options.WebhookGiveUpAfter;

    private static TimeSpan Doubled(TimeSpan first, int times, TimeSpan max)
    {
        var delay = first;
        for (var i = 0; i < times && delay < max; i++)
        {
            delay += delay;
        }

        return delay < max ? delay : max;
    }
}
