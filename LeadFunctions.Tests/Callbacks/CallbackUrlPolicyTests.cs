using Microsoft.Extensions.Options;

namespace LeadFunctions.Tests.Callbacks;

public sealed class CallbackUrlPolicyTests
{
    private static CallbackUrlPolicy Policy(bool allowLoopback = false, string? secret = "test-secret") =>
        new(Options.Create(new LeadScoringOptions { WebhookSecret = secret, WebhookAllowLoopback = allowLoopback }));

    [Theory]
    [InlineData("https://hooks.example.com/lead-batches")]
    [InlineData("https://hooks.example.com:8443/x?token=abc")]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    public void Https_urls_to_public_hosts_are_accepted(string url) => Assert.Null(Policy().Problem(url));

    [Theory]
    [InlineData("http://hooks.example.com/x", "https")]
    [InlineData("ftp://hooks.example.com/x", "https")]
    [InlineData("/relative/path", "https")]
    [InlineData("not a url", "https")]
    [InlineData("https://user:pass@hooks.example.com/x", "user name")]
    [InlineData("https://token@hooks.example.com/x", "user name")]
    [InlineData("https://10.0.0.5/x", "public address")]
    [InlineData("https://192.168.0.10/x", "public address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "public address")]
    [InlineData("https://100.64.1.1/x", "public address")]
    [InlineData("https://127.0.0.1/x", "public address")]
    [InlineData("https://0.0.0.0/x", "public address")]
    [InlineData("https://224.0.0.1/x", "public address")]
    [InlineData("https://[::1]/x", "public address")]
    [InlineData("https://[fe80::1]/x", "public address")]
    [InlineData("https://[fd00::1]/x", "public address")]
    [InlineData("https://[::ffff:10.0.0.1]/x", "public address")]
    [InlineData("https://localhost/x", "public address")]
    [InlineData("https://api.localhost/x", "public address")]
    public void Other_schemes_credentials_and_non_public_addresses_are_refused(string url, string reason) =>
        Assert.Contains(reason, Policy().Problem(url));

    [Fact]
    public void The_length_is_bounded()
    {
        var url = "https://hooks.example.com/" + new string('a', CallbackUrlPolicy.MaxUrlLength);
        Assert.Contains($"{CallbackUrlPolicy.MaxUrlLength}", Policy().Problem(url));
        Assert.Null(Policy().Problem(url[..CallbackUrlPolicy.MaxUrlLength]));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("http://127.8.9.1/hook")]
    [InlineData("http://[::1]:5000/hook")]
    [InlineData("http://localhost:5000/hook")]
    public void The_loopback_setting_allows_http_and_https_to_loopback(string url)
    {
        Assert.NotNull(Policy().Problem(url));
        Assert.Null(Policy(allowLoopback: true).Problem(url));
    }

    [Theory]
    [InlineData("http://hooks.example.com/x")]
    [InlineData("http://10.0.0.1/x")]
    [InlineData("https://10.0.0.1/x")]
    [InlineData("http://[::ffff:192.168.1.1]/x")]
    public void The_loopback_setting_allows_neither_plain_http_elsewhere_nor_private_addresses(string url) =>
        Assert.NotNull(Policy(allowLoopback: true).Problem(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_signing_secret_every_url_is_refused_naming_the_setting(string? secret)
    {
        var problem = Policy(secret: secret).Problem("https://hooks.example.com/x");
        Assert.Contains(CallbackUrlPolicy.SecretSetting, problem);
        Assert.Contains("LeadScoring__WebhookSecret", CallbackUrlPolicy.WithoutSecret.Problem("https://hooks.example.com/x"));
    }
}
