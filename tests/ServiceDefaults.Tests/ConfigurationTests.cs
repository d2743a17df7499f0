using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;

namespace Platform.ServiceDefaults.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task A_missing_broker_connection_string_fails_at_start_naming_the_variable()
    {
        var failure = await Assert.ThrowsAsync<MissingConfigurationException>(() =>
            ProbeApp.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:messaging"] = null }, builder => builder.AddPlatformMessaging()));

        Assert.Contains("ConnectionStrings__messaging", failure.Message);
    }

    [Fact]
    public async Task A_missing_database_connection_string_fails_at_start_naming_the_variable()
    {
        var failure = await Assert.ThrowsAsync<MissingConfigurationException>(() =>
            ProbeApp.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:shopdb"] = "" }, builder => builder.AddPlatformPostgres("shopdb")));

        Assert.Contains("ConnectionStrings__shopdb", failure.Message);
    }

    [Theory]
    [InlineData("localhost:5672")]
    [InlineData("http://guest:guest@localhost:5672")]
    [InlineData("not a uri")]
    public async Task A_broker_address_that_is_not_amqp_is_refused(string value)
    {
        var failure = await Assert.ThrowsAsync<MissingConfigurationException>(() =>
            ProbeApp.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:messaging"] = value }, builder => builder.AddPlatformMessaging()));

        Assert.Contains("amqp://", failure.Message);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies", "10.0.0.1,proxy.internal")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33")]
    public async Task A_trusted_proxy_that_is_not_an_address_or_network_fails_at_start_naming_the_setting(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ProbeApp.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key.Split(':')[1], failure.Message);
        Assert.Contains(value.Split(',')[^1], failure.Message);
    }
}
