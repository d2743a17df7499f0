namespace Platform.ServiceDefaults.Persistence;

public static class PostgresTime
{
    /// <summary>PostgreSQL keeps microseconds: what an API returns must equal what a later read returns.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMicrosecond));
}
