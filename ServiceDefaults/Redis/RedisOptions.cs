namespace Platform.ServiceDefaults.Redis;

/// <summary>How a service uses Redis; bound from the <c>Redis</c> section.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Put before every key and channel; defaults to the application name, so services and tests never share keys by accident.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>
    /// The longest any cache, limiter or publish call waits for Redis before the caller carries on without it.
    /// StackExchange.Redis 1.2.6 never times out an asynchronous command on a server that stopped answering.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>After a failure, how long calls skip Redis entirely instead of each paying the timeout again.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one connection attempt may take; reconnection goes on in the background after it.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an invalidation is remembered, so that a load which started before it can never store what it read.
    /// Longer than any load takes; see <see cref="RedisTenantCache"/>.
    /// </summary>
    public TimeSpan InvalidationMemory { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Entries each instance keeps in its own memory in front of Redis (<see cref="TwoTierTenantCache"/>); 0 turns that
    /// tier off and every read asks Redis.
    /// </summary>
    public int LocalCacheEntries { get; set; } = 10_000;

    /// <summary>The longest an entry stays in an instance's memory; invalidations remove it from every instance sooner.</summary>
    public TimeSpan LocalCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often an instance checks, by hearing its own message, that it still receives the other instances'
    /// invalidations; it stops using its memory tier after two intervals without hearing one.
    /// </summary>
    public TimeSpan InvalidationHeartbeat { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events a slow realtime subscriber may have queued before the oldest are dropped.</summary>
    public int SubscriberCapacity { get; set; } = 256;
}
