using Microsoft.Extensions.Caching.Memory;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tenants;

/// <summary>
/// Answers "may this tenant operate, and where is its data?" for every request, from the registry with a short
/// in-memory cache. The instance that applies a tenant event forgets its entry at once; other instances see the
/// change within <see cref="CacheFor"/>.
/// </summary>
public sealed class TenantDirectory(ITenantRegistry registry, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>The tenant whatever its status (the platform's operators still see a suspended shop's figures).</summary>
    public async Task<TenantRegistration> FindRegisteredAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue(Key(tenantId), out TenantRegistration? tenant))
        {
            tenant = await registry.FindAsync(tenantId, cancellationToken);
            // An unknown tenant is not cached: its provisioning event may be applied a moment from now.
            if (tenant is not null)
            {
                cache.Set(Key(tenantId), tenant, CacheFor);
            }
        }

        return tenant ?? throw new ProblemException(StatusCodes.Status404NotFound, ProblemTypes.TenantNotProvisioned,
            "The shop's catalog is not provisioned.", "Catalog has not (yet) received this shop's account; try again shortly.");
    }

    /// <summary>The tenant, if it may operate: a suspended or cancelled shop is refused with a 403 problem.</summary>
    public async Task<TenantRegistration> FindOperatingAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var tenant = await FindRegisteredAsync(tenantId, cancellationToken);
        return tenant switch
        {
            { Status: TenantStatus.Suspended } => throw new ProblemException(StatusCodes.Status403Forbidden, ProblemTypes.TenantSuspended,
                "The shop is suspended.", "The shop's account is suspended; its data is kept but it cannot operate."),
            { Status: TenantStatus.Cancelled } => throw new ProblemException(StatusCodes.Status403Forbidden, ProblemTypes.TenantCancelled,
                "The shop's account is cancelled.", "The shop's account was cancelled."),
            _ => tenant,
        };
    }

    public void Forget(Guid tenantId) => cache.Remove(Key(tenantId));

    private static string Key(Guid tenantId) => $"tenant:{tenantId:D}";
}
