using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// <see cref="ITenantCache"/> on Redis. An entry is <c>{prefix}:t:{tenant}:{key}</c> (JSON, web defaults) beside its
/// generation <c>{prefix}:g:{tenant}:{key}</c>.
/// </summary>
/// <remarks>
/// Why a generation: with plain "delete after write", a loader that read the old row just before a writer committed and
/// deleted the entry would store the old row after the delete, and readers would see it until the TTL ran out. Here a
/// load reads the entry and its generation in one round trip, and stores what it loaded only if the generation is still
/// the one it read (one script, atomic in Redis). Every invalidation and write-through sets a new random generation, so a
/// load that overlapped one never stores. The generation outlives any load (<see cref="RedisOptions.InvalidationMemory"/>),
/// so it cannot fall back to a value an old load saw. What remains: an invalidation that cannot reach Redis (it is down)
/// leaves the entry until its TTL, so keep TTLs to what a stale read may cost.
/// </remarks>
public sealed class RedisTenantCache(RedisConnection redis, ILogger<RedisTenantCache> logger) : ITenantCache
{
    private const string StoreIfGenerationUnchanged = """
        if (redis.call('GET', KEYS[2]) or '') == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    private const string StoreWithNewGeneration = """
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
        return 1
        """;

    private const string DropWithNewGeneration = """
        for i = 1, #KEYS, 2 do
          redis.call('DEL', KEYS[i])
          redis.call('SET', KEYS[i + 1], ARGV[1], 'PX', ARGV[2])
        end
        return #KEYS / 2
        """;

    public async ValueTask<T?> GetOrLoadAsync<T, TState>(
        Guid tenantId, string key, TState state, Func<TState, CancellationToken, Task<T?>> loader, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ValidateTtl(ttl);
        var (entryKey, generationKey) = Keys(tenantId, key);

        var read = await redis.TryAsync("cache-get", database => database.StringGetAsync([entryKey, generationKey]), cancellationToken);
        if (read is { Succeeded: true, Value: [var entry, var generation] })
        {
            if (!entry.IsNull && TryDeserialize<T>(entry, entryKey, out var cached))
            {
                return cached;
            }

            var loaded = await loader(state, cancellationToken);
            if (loaded is not null)
            {
                await redis.TryAsync("cache-store", database => database.ScriptEvaluateAsync(
                    StoreIfGenerationUnchanged,
                    [entryKey, generationKey],
                    [generation.IsNull ? "" : generation, Serialize(loaded), (long)ttl.TotalMilliseconds]), cancellationToken);
            }

            return loaded;
        }

        return await loader(state, cancellationToken);
    }

    public async Task SetAsync<T>(Guid tenantId, string key, T value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ValidateTtl(ttl);
        var (entryKey, generationKey) = Keys(tenantId, key);
        await redis.TryAsync("cache-set", database => database.ScriptEvaluateAsync(
            StoreWithNewGeneration,
            [entryKey, generationKey],
            [NewGeneration(), GenerationLifetime(ttl), Serialize(value), (long)ttl.TotalMilliseconds]), cancellationToken);
    }

    public Task InvalidateAsync(Guid tenantId, string key, CancellationToken cancellationToken = default) =>
        InvalidateAsync(tenantId, [key], cancellationToken);

    public async Task InvalidateAsync(Guid tenantId, IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        var redisKeys = keys.SelectMany(key => Keys(tenantId, key) is var (entry, generation) ? new[] { entry, generation } : []).ToArray();
        if (redisKeys.Length == 0)
        {
            return;
        }

        var attempt = await redis.TryAsync("cache-invalidate", database => database.ScriptEvaluateAsync(
            DropWithNewGeneration, redisKeys, [NewGeneration(), GenerationLifetime(TimeSpan.Zero)]), cancellationToken);
        if (!attempt.Succeeded)
        {
            logger.LogWarning("Cache entries of tenant {TenantId} not invalidated (Redis unavailable); they expire with their TTL", tenantId);
        }
    }

    private (RedisKey Entry, RedisKey Generation) Keys(Guid tenantId, string key)
    {
        if (tenantId == Guid.Empty)
        {
            throw new ArgumentException("A cache entry belongs to a tenant; the empty id names none.", nameof(tenantId));
        }

        ArgumentException.ThrowIfNullOrEmpty(key);
        return ($"{redis.KeyPrefix}:t:{tenantId:D}:{key}", $"{redis.KeyPrefix}:g:{tenantId:D}:{key}");
    }

    private long GenerationLifetime(TimeSpan ttl) =>
        (long)Math.Max(redis.Options.InvalidationMemory.TotalMilliseconds, ttl.TotalMilliseconds);

    private static string NewGeneration() => Guid.NewGuid().ToString("N");

    private static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web);

    private bool TryDeserialize<T>(RedisValue entry, RedisKey entryKey, out T? value)
    {
        try
        {
            value = JsonSerializer.Deserialize<T>((byte[])entry!, JsonSerializerOptions.Web);
            return true;
        }
        catch (JsonException exception)
        {
            // An entry written by another version of the service in another shape: reload and overwrite it.
            logger.LogWarning(exception, "Cache entry {Key} is not a {Type}; reloading it", entryKey, typeof(T).Name);
            value = default;
            return false;
        }
    }

    private static void ValidateTtl(TimeSpan ttl) =>
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1));
}
