using System.Threading.RateLimiting;

namespace Platform.Admin.Auth;

/// <summary>
/// Fixed windows of login attempts per client IP and per e-mail, so neither one address nor a spread of addresses
/// can guess passwords quickly. Per instance for now; a Redis-backed window replaces it when Redis lands (issue 4).
/// </summary>
public sealed class LoginRateLimiter(AuthOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> perIp = Create(options.LoginAttemptsPerMinutePerIp);
    private readonly PartitionedRateLimiter<string> perEmail = Create(options.LoginAttemptsPerMinutePerEmail);

    /// <summary>Null when the attempt may go on, otherwise how long the client should wait.</summary>
    public TimeSpan? TryAcquire(string? ip, string email)
    {
        using var byIp = perIp.AttemptAcquire(ip ?? "unknown");
        if (!byIp.IsAcquired)
        {
            return RetryAfter(byIp);
        }

        using var byEmail = perEmail.AttemptAcquire(email);
        return byEmail.IsAcquired ? null : RetryAfter(byEmail);
    }

    public void Dispose()
    {
        perIp.Dispose();
        perEmail.Dispose();
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);

    private static PartitionedRateLimiter<string> Create(int permitsPerMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }), StringComparer.Ordinal);
}
