using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Tests.Ai;

public class CachingIntentClassifierTests
{
    private static readonly OfferProfile Offer = new("LeadFlow", ["24/7 outbound"], ["B2B SaaS"]);
    private static readonly LeadFields Lead = new("Ava", "CEO", "Acme", "B2B SaaS", "Berlin", "bio");

    private readonly InMemoryClassificationCache _cache = new();
    private readonly ScriptedClassifier _inner = new();

    [Fact]
    public async Task The_same_content_is_classified_once()
    {
        var classifier = Caching();

        var first = await classifier.ClassifyAsync(Offer, Lead, CancellationToken.None);
        var second = await classifier.ClassifyAsync(Offer with { }, Lead with { }, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task Other_content_is_classified_again()
    {
        var classifier = Caching();

        await classifier.ClassifyAsync(Offer, Lead, CancellationToken.None);
        await classifier.ClassifyAsync(Offer, Lead with { LinkedinBio = "new bio" }, CancellationToken.None);

        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task A_cached_answer_survives_a_new_instance()
    {
        await Caching().ClassifyAsync(Offer, Lead, CancellationToken.None);

        var result = await Caching().ClassifyAsync(Offer, Lead, CancellationToken.None);

        Assert.Equal(LeadIntent.High, result.Intent);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task Concurrent_identical_requests_share_one_call()
    {
        var release = new TaskCompletionSource();
        _inner.Gate = release.Task;
        var classifier = Caching();

        var calls = Enumerable.Range(0, 5).Select(_ => classifier.ClassifyAsync(Offer, Lead, CancellationToken.None)).ToArray();
        release.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, _inner.Calls);
        Assert.All(results, r => Assert.Equal(LeadIntent.High, r.Intent));
    }

    [Fact]
    public async Task One_caller_cancelling_does_not_fail_the_others_and_the_answer_is_still_cached()
    {
        var release = new TaskCompletionSource();
        _inner.Gate = release.Task;
        var classifier = Caching();
        using var cancel = new CancellationTokenSource();

        var cancelled = classifier.ClassifyAsync(Offer, Lead, cancel.Token);
        var waiting = classifier.ClassifyAsync(Offer, Lead, CancellationToken.None);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();

        Assert.Equal(LeadIntent.High, (await waiting).Intent);
        Assert.Single(_cache.Entries);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        _inner.Failures.Enqueue(new AiTransientException("HTTP 503 from the AI service (4 attempts)", 4, 503));
        _inner.Failures.Enqueue(new AiInvalidResponseException("the model's answer is not valid JSON"));
        var classifier = Caching();

        await Assert.ThrowsAsync<AiTransientException>(() => classifier.ClassifyAsync(Offer, Lead, CancellationToken.None));
        await Assert.ThrowsAsync<AiInvalidResponseException>(() => classifier.ClassifyAsync(Offer, Lead, CancellationToken.None));
        Assert.Empty(_cache.Entries);

        var result = await classifier.ClassifyAsync(Offer, Lead, CancellationToken.None);

        Assert.Equal(LeadIntent.High, result.Intent);
        Assert.Equal(3, _inner.Calls);
        Assert.Single(_cache.Entries);
    }

    [Fact]
    public async Task A_broken_cache_is_bypassed()
    {
        _cache.Broken = true;

        var result = await Caching().ClassifyAsync(Offer, Lead, CancellationToken.None);

        Assert.Equal(LeadIntent.High, result.Intent);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task Another_model_does_not_reuse_the_answer()
    {
        await Caching("model-a").ClassifyAsync(Offer, Lead, CancellationToken.None);
        await Caching("model-b").ClassifyAsync(Offer, Lead, CancellationToken.None);

        Assert.Equal(2, _inner.Calls);
    }

    private CachingIntentClassifier Caching(string model = "OpenAI||test-model") =>
        new(_inner, _cache, model, NullLogger<CachingIntentClassifier>.Instance);

    /// <summary>Answers High unless a failure is queued; can hold every call until <see cref="Gate"/> completes.</summary>
    private sealed class ScriptedClassifier : IIntentClassifier
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task Gate { get; set; } = Task.CompletedTask;

        public Queue<Exception> Failures { get; } = new();

        public async Task<IntentClassification> ClassifyAsync(OfferProfile offer, LeadFields lead, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await Gate.WaitAsync(cancellationToken);
            return Failures.TryDequeue(out var failure) ? throw failure : new IntentClassification(LeadIntent.High, "Fits.");
        }
    }
}
