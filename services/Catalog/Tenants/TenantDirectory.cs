using System.Collections.Concurrent;
using Platform.ServiceDefaults.Http;

namespace Platform.Catalog.Tenants;

/// <summary>
/// Answers "may this tenant operate, and where is its data?" for every request, from the registry with a short
/// in-memory cache. The instance that applies a tenant event forgets its entry at once; other instances see the
/// change within <see cref="CacheFor"/>. A remembered tenant is answered without awaiting or allocating anything.
/// </summary>
public sealed class TenantDirectory(ITenantRegistry registry)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Remembered> remembered = new();
    private long forgets;

    /// <summary>The tenant whatever its status (the platform's operators still see a suspended shop's figures).</summary>
    public ValueTask<TenantRegistration> FindRegisteredAsync(Guid tenantId, CancellationToken cancellationToken) =>
        remembered.TryGetValue(tenantId, out var known) && Environment.TickCount64 < known.Until
            ? ValueTask.FromResult(known.Tenant)
            : LoadAsync(tenantId, cancellationToken);

    /// <summary>The tenant, if it may operate: a suspended or cancelled shop is refused with a 403 problem.</summary>
    public ValueTask<TenantRegistration> FindOperatingAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var found = FindRegisteredAsync(tenantId, cancellationToken);
        return found.IsCompletedSuccessfully ? ValueTask.FromResult(Operating(found.Result)) : OperatingAsync(found);

        static async ValueTask<TenantRegistration> OperatingAsync(ValueTask<TenantRegistration> found) => Operating(await found);
    }

    public void Forget(Guid tenantId)
    {
        Interlocked.Increment(ref forgets);
        remembered.TryRemove(tenantId, out _);
    }

    private async ValueTask<TenantRegistration> LoadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var before = Interlocked.Read(ref forgets);
        var tenant = await registry.FindAsync(tenantId, cancellationToken)
            ?? throw new ProblemException(StatusCodes.Status404NotFound, ProblemTypes.TenantNotProvisioned,
                "The shop's catalog is not provisioned.", "Catalog has not (yet) received this shop's account; try again shortly.");

        // An unknown tenant is not remembered (its provisioning event may be applied a moment from now), and neither is
        // one read while a tenant was forgotten: the read may predate the event that made it forget.
        if (Interlocked.Read(ref forgets) == before)
        {
            remembered[tenantId] = new Remembered(tenant, Environment.TickCount64 + (long)CacheFor.TotalMilliseconds);
        }

        return tenant;
    }

    private static TenantRegistration Operating(TenantRegistration tenant) => tenant switch
    {
        { Status: TenantStatus.Suspended } => throw new ProblemException(StatusCodes.Status403Forbidden, ProblemTypes.TenantSuspended,
            "The shop is suspended.", "The shop's account is suspended; its data is kept but it cannot operate."),
        { Status: TenantStatus.Cancelled } => throw new ProblemException(StatusCodes.Status403Forbidden, ProblemTypes.TenantCancelled,
            "The shop's account is cancelled.", "The shop's account was cancelled."),
        _ => tenant,
    };

    private sealed record Remembered(TenantRegistration Tenant, long Until);
}
