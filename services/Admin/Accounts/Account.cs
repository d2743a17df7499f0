using Platform.Admin.Plans;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Accounts;

public enum AccountStatus
{
    Active,
    Suspended,
    Cancelled,
}

/// <summary>Where a tenant's operational data lives (seed 000): shared PostgreSQL rows or a SQLite file of its own.</summary>
public enum DatabaseType
{
    Postgres,
    Sqlite,
}

/// <summary>A shop: the tenant every other service scopes its data by (its <see cref="Id"/> is the tenant id).</summary>
public sealed record Account(
    Guid Id,
    string CompanyName,
    Cnpj Cnpj,
    string ContactEmail,
    Guid PlanId,
    IReadOnlyList<string> Modules,
    AccountStatus Status,
    DatabaseType DatabaseType,
    IReadOnlyDictionary<string, string> DatabaseConfig,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Account Open(NewAccount draft, Plan plan, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        return new Account(id, draft.CompanyName, draft.Cnpj, draft.ContactEmail, plan.Id, draft.Modules, AccountStatus.Active,
            draft.DatabaseType, DefaultDatabaseConfig(id, draft.DatabaseType), 1, PostgresTime.Truncate(now), PostgresTime.Truncate(now));
    }

    /// <summary>Suspended only from active; reactivated only from suspended; cancelled from either, and for good.</summary>
    public bool CanMoveTo(AccountStatus next) => (Status, next) switch
    {
        (AccountStatus.Active, AccountStatus.Suspended) => true,
        (AccountStatus.Suspended, AccountStatus.Active) => true,
        (AccountStatus.Active or AccountStatus.Suspended, AccountStatus.Cancelled) => true,
        _ => false,
    };

    public Account MoveTo(AccountStatus next, DateTimeOffset now) => CanMoveTo(next)
        ? this with { Status = next, Version = Version + 1, UpdatedAt = PostgresTime.Truncate(now) }
        : throw new InvalidOperationException($"An account cannot go from {Status} to {next}.");

    /// <summary>Admin names the store; clients only choose its kind. A SQLite tenant's file is named by its id.</summary>
    private static Dictionary<string, string> DefaultDatabaseConfig(Guid id, DatabaseType type) => type switch
    {
        DatabaseType.Sqlite => new() { ["file"] = $"{id}.db" },
        _ => new() { ["database"] = "catalogdb" },
    };
}
