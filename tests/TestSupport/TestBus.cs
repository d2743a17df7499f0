using System.Threading.Channels;
using MassTransit;

namespace Platform.TestSupport;

/// <summary>
/// A bus of the test's own on a test virtual host: it publishes events as another service would and
/// records every <typeparamref name="TEvent"/> it receives on a temporary queue of its own.
/// </summary>
public sealed class TestBus<TEvent> : IAsyncDisposable
    where TEvent : class
{
    private readonly IBusControl bus;
    private readonly Channel<TEvent> received;

    private TestBus(IBusControl bus, Channel<TEvent> received)
    {
        this.bus = bus;
        this.received = received;
    }

    public static async Task<TestBus<TEvent>> StartAsync(string amqpUri)
    {
        var received = Channel.CreateUnbounded<TEvent>();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(amqpUri));
            rabbit.ReceiveEndpoint($"test-observer-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;

                // One at a time, so the order recorded is the order the broker delivered.
                endpoint.PrefetchCount = 1;
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.Handler<TEvent>(context => received.Writer.WriteAsync(context.Message).AsTask());
            });
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        return new TestBus<TEvent>(bus, received);
    }

    public Task PublishAsync<T>(T message)
        where T : class => bus.Publish(message);

    /// <summary>The first received event that matches, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<TEvent> WaitForAsync(Func<TEvent, bool> match, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = await received.Reader.ReadAsync(cancellation.Token);
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Every event received so far, without waiting.</summary>
    public IReadOnlyList<TEvent> Drain()
    {
        var messages = new List<TEvent>();
        while (received.Reader.TryRead(out var message))
        {
            messages.Add(message);
        }

        return messages;
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync();
}
