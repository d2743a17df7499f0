namespace Platform.Catalog.Tenants;

/// <summary>Where a tenant's catalog lives (seed 000): rows in the shared PostgreSQL, or a SQLite file of its own.</summary>
public enum StoreKind
{
    Postgres,
    Sqlite,
}

public enum TenantStatus
{
    Active,
    Suspended,
    Cancelled,
}

/// <summary>
/// What Catalog keeps of a tenant from Admin's events, so it never has to call Admin: its store, whether it may
/// operate, and its plan's product limit. Each part records when it last changed so late events cannot undo newer ones.
/// </summary>
public sealed record TenantRegistration(
    Guid TenantId,
    StoreKind Store,
    TenantStatus Status,
    DateTimeOffset StatusChangedAt,
    Guid PlanId,
    int MaxProducts,
    DateTimeOffset PlanChangedAt,
    DateTimeOffset ProvisionedAt)
{
    /// <summary>A SQLite tenant's file name: its id, never a name taken from a message.</summary>
    public string SqliteFileName => $"{TenantId:D}.db";
}
