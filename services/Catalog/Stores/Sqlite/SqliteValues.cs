namespace Platform.Catalog.Stores.Sqlite;

/// <summary>How the SQLite dialect stores what PostgreSQL has types for: times as Unix microseconds, ids as GUID text.</summary>
internal static class SqliteValues
{
    public static long Time(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset Time(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    public static string Id(Guid id) => id.ToString("D");
}
