using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Messaging;
using Platform.TestSupport;

namespace Platform.ServiceDefaults.Tests;

public sealed class MessagingTests
{
    [Fact]
    public async Task A_message_whose_consumer_keeps_failing_is_retried_then_parked_in_the_error_queue()
    {
        await using var vhost = await TestVirtualHost.CreateAsync();
        var attempts = new ConcurrentDictionary<Guid, int>();
        await using var probe = await ProbeApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:messaging"] = vhost.AmqpUri,
                ["Messaging:EndpointPrefix"] = "probe",
                ["Messaging:RetryLimit"] = "2",
                ["Messaging:RetryMinInterval"] = "00:00:00.010",
                ["Messaging:RetryMaxInterval"] = "00:00:00.050",
            },
            builder =>
            {
                builder.Services.AddSingleton(attempts);
                builder.AddPlatformMessaging(bus => bus.AddConsumer<AlwaysFailingConsumer>());
            });
        await WaitForBusAsync(probe);

        var message = new ProbeMessage(Guid.NewGuid());
        await probe.App.Services.GetRequiredService<IBus>().Publish(message);

        var parked = await Eventually.MatchAsync(
            () => vhost.CountMessagesAsync("probe-always-failing_error"),
            count => count == 1,
            what: "message in the error queue");
        Assert.Equal(1, parked);
        Assert.Equal(3, attempts[message.Id]);
        var payload = Assert.Single(await vhost.PeekAsync("probe-always-failing_error"));
        Assert.Contains(message.Id.ToString(), payload);
        Assert.Equal(0, await vhost.CountMessagesAsync("probe-always-failing"));
    }

    private static async Task WaitForBusAsync(ProbeApp probe)
    {
        var bus = probe.App.Services.GetRequiredService<IBusControl>();
        await Eventually.MatchAsync(
            () => Task.FromResult(bus.CheckHealth().Status),
            status => status == BusHealthStatus.Healthy,
            what: "bus connected");
    }
}

public sealed record ProbeMessage(Guid Id);

public sealed class AlwaysFailingConsumer(ConcurrentDictionary<Guid, int> attempts) : IConsumer<ProbeMessage>
{
    public Task Consume(ConsumeContext<ProbeMessage> context)
    {
        attempts.AddOrUpdate(context.Message.Id, 1, (_, count) => count + 1);
        throw new InvalidOperationException("This consumer always fails.");
    }
}
