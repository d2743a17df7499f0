namespace Platform.ServiceDefaults.Persistence;

/// <summary>
/// How long a request waits out a database that is briefly unreachable (a pooler restart, a serverless database waking
/// up). Bounded in attempts and in time, so a real outage fails fast enough for clients to retry on their side.
/// </summary>
public sealed class PostgresRetryOptions
{
    public int MaxAttempts { get; set; } = 6;

    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>No new attempt starts after this much time since the first.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(10);
}
