using System.Text;
namespace LeadFunctions.Tests.Callbacks;

public sealed class CallbackSignatureTests
{
    [Fact]
    public void The_signature_is_the_lowercase_hex_hmac_sha256_of_the_body()
    {
        // A published HMAC-SHA256 value (key "key"), computed outside this code base.
        var body = "The quick brown fox jumps over the lazy dog"u8;
        Assert.Equal("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", CallbackSignature.Sign("key", body));
    }

    [Fact]
    public void Verification_fails_for_another_body_another_secret_or_no_header()
    {
        var body = Encoding.UTF8.GetBytes("""{"batch_id":"b1","status":"completed"}""");
        var header = CallbackSignature.Sign("secret", body);

        Assert.True(CallbackSignature.Verify("secret", body, header));
        Assert.False(CallbackSignature.Verify("secret", Encoding.UTF8.GetBytes("""{"batch_id":"b1","status":"failed"}"""), header));
        Assert.False(CallbackSignature.Verify("other", body, header));
        Assert.False(CallbackSignature.Verify("secret", body, null));
        Assert.False(CallbackSignature.Verify("secret", body, header.ToUpperInvariant()));
    }

    [Fact]
    public void Delays_double_up_to_their_bounds_and_the_retries_stop_at_the_give_up_time()
    {
        var schedule = new CallbackSchedule(new LeadScoringOptions
        {
            WebhookRetryDelay = TimeSpan.FromSeconds(30),
            WebhookWatchDelay = TimeSpan.FromSeconds(10),
            WebhookGiveUpAfter = TimeSpan.FromHours(1),
        });

        Assert.Equal(
            new[] { 30, 60, 120, 240, 480, 600, 600 },
            Enumerable.Range(1, 7).Select(a => (int)schedule.RetryDelay(a).TotalSeconds));
        Assert.Equal(new[] { 10, 20, 40 }, Enumerable.Range(0, 3).Select(r => (int)schedule.WatchDelay(r).TotalSeconds));
        Assert.Equal(CallbackSchedule.MaxWatchDelay, schedule.WatchDelay(1000));

        var first = DateTimeOffset.UnixEpoch;
        Assert.True(schedule.MayRetryAt(first, first + TimeSpan.FromMinutes(60)));
        Assert.False(schedule.MayRetryAt(first, first + TimeSpan.FromMinutes(61)));
    }
}
