namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>Wakes the relay when this instance committed new events; other instances' events are found by polling.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim pending = new(0, 1);

    public void Notify()
    {
        try
        {
            pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending; one is enough.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await pending.WaitAsync(timeout, cancellationToken);
}
