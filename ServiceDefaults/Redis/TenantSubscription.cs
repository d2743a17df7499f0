using System.Text.Json;
using System.Threading.Channels;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// The events of one tenant for one subscriber, read once. Each subscriber has its own bounded queue; when a slow reader
/// lets it fill, the oldest events are dropped (counted in <see cref="Dropped"/>) rather than holding Redis's delivery
/// for every other subscriber of the instance or growing without bound. Realtime events say "this changed", so the
/// newest matter most, and a client that missed some refetches as after a reconnect.
/// </summary>
public sealed class TenantSubscription : IAsyncEnumerable<TenantEvent>, IAsyncDisposable
{
    private readonly ChannelReader<byte[]> reader;
    private readonly Func<ValueTask> unsubscribe;
    private readonly Func<long> dropped;
    private int disposed;

    internal TenantSubscription(Guid tenantId, ChannelReader<byte[]> reader, Func<long> dropped, Func<ValueTask> unsubscribe)
    {
        TenantId = tenantId;
        this.reader = reader;
        this.dropped = dropped;
        this.unsubscribe = unsubscribe;
    }

    public Guid TenantId { get; }

    /// <summary>Events dropped so far because this subscriber's queue was full.</summary>
    public long Dropped => dropped();

    public async IAsyncEnumerator<TenantEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var message in reader.ReadAllAsync(cancellationToken))
        {
            if (TryParse(message) is { } tenantEvent)
            {
                yield return tenantEvent;
            }
        }
    }

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref disposed, 1) == 0 ? unsubscribe() : ValueTask.CompletedTask;

    internal static byte[] Serialize<T>(string eventName, T payload) =>
        JsonSerializer.SerializeToUtf8Bytes(new WireEvent<T>(Guid.CreateVersion7().ToString("D"), eventName, payload), JsonSerializerOptions.Web);

    private static TenantEvent? TryParse(byte[] message)
    {
        try
        {
            return JsonSerializer.Deserialize<WireEvent<JsonElement>>(message, JsonSerializerOptions.Web) is { Id: { Length: > 0 } id, Name: { Length: > 0 } name } wire
                ? new TenantEvent(id, name, wire.Data)
                : null;
        }
        catch (JsonException)
        {
            // Not one of ours (someone published by hand on the channel); subscribers only ever see well-formed events.
            return null;
        }
    }

    private sealed record WireEvent<T>(string Id, string Name, T Data);
}
