namespace Platform.Contracts.Admin;

/// <summary>
/// A shop's account was created: Catalog provisions its store (<see cref="DatabaseType"/> <c>postgres</c> rows in the
/// shared database, or <c>sqlite</c>: the file named in <see cref="DatabaseConfig"/>) and Replication starts
/// watching a SQLite tenant. The plan's limits travel with it so no service has to call Admin.
/// </summary>
public sealed record TenantProvisioned(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid TenantId,
    string CompanyName,
    string DatabaseType,
    IReadOnlyDictionary<string, string> DatabaseConfig,
    Guid PlanId,
    int MaxProducts,
    int MaxUsers,
    IReadOnlyList<string> Modules) : IIntegrationEvent;

/// <summary>The account moved to another plan; services enforce the new limits from now on.</summary>
public sealed record TenantPlanChanged(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid TenantId,
    Guid PreviousPlanId,
    Guid PlanId,
    int MaxProducts,
    int MaxUsers) : IIntegrationEvent;

/// <summary>The shop may no longer operate (unpaid, abuse...); its data is kept.</summary>
public sealed record TenantSuspended(Guid Id, DateTimeOffset OccurredAt, Guid TenantId, string? Reason) : IIntegrationEvent;

/// <summary>A suspended shop operates again.</summary>
public sealed record TenantReactivated(Guid Id, DateTimeOffset OccurredAt, Guid TenantId) : IIntegrationEvent;

/// <summary>The account was closed for good; services stop serving it and retention rules apply to its data.</summary>
public sealed record TenantCancelled(Guid Id, DateTimeOffset OccurredAt, Guid TenantId, string? Reason) : IIntegrationEvent;
