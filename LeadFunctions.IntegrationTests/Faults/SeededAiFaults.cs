namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>
/// A <see cref="FakeOpenAiServer.DefaultReply"/> that fails a seeded share of calls — 429 with <c>Retry-After: 1</c>, or
/// 500 — and answers the rest with <paramref name="answer"/>. The same seed gives the same sequence of outcomes.
/// </summary>
public sealed class SeededAiFaults(int seed, double rateLimitedShare, double serverErrorShare, Func<FakeChatRequest, FakeReply> answer)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private int _rateLimited;
    private int _serverErrors;
    private int _answered;

    public int RateLimited => Volatile.Read(ref _rateLimited);

    public int ServerErrors => Volatile.Read(ref _serverErrors);

    public int Answered => Volatile.Read(ref _answered);

    public FakeReply Reply(FakeChatRequest request)
    {
        double roll;
        lock (_gate)
        {
            roll = _random.NextDouble();
        }

        if (roll < rateLimitedShare)
        {
            Interlocked.Increment(ref _rateLimited);
            return FakeReply.Status(429, retryAfter: "1");
        }

        if (roll < rateLimitedShare + serverErrorShare)
        {
            Interlocked.Increment(ref _serverErrors);
            return FakeReply.Status(500);
        }

        Interlocked.Increment(ref _answered);
        return answer(request);
    }
}
