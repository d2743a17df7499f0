namespace Platform.ServiceDefaults.Messaging.Outbox;

public sealed class OutboxOptions
{
    /// <summary>The module's schema; the table is <c>{Schema}.outbox_messages</c>, created by the module's migrations.</summary>
    public string Schema { get; set; } = "";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>How long one batch may wait for the broker before the relay backs off and tries again.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a bus restart waits for the bus to stop (in-flight work to finish) before starting it anyway.</summary>
    public TimeSpan BusStopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Published rows are kept this long for inspection, then deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the rows past <see cref="Retention"/> are deleted (per outbox: the module's, each SQLite file's).</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    internal string Table => $"\"{Schema}\".outbox_messages";
}
