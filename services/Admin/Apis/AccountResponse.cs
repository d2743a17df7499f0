using Platform.Admin.Accounts;

namespace Platform.Admin.Apis;

public sealed record AccountResponse(
    Guid Id,
    string CompanyName,
    string Cnpj,
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
    public static AccountResponse From(Account account) => new(
        account.Id,
        account.CompanyName,
        account.Cnpj.Formatted,
        account.ContactEmail,
        account.PlanId,
        account.Modules,
        account.Status,
        account.DatabaseType,
        account.DatabaseConfig,
        account.Version,
        account.CreatedAt,
        account.UpdatedAt);
}

public sealed record AccountPageResponse(IReadOnlyList<AccountResponse> Items, long Total, int Page, int PageSize);
