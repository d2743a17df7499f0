namespace Platform.Admin.Modules;

/// <summary>A module an account can enable (catalog, orders, ...), possibly requiring others to be enabled with it.</summary>
public sealed record Module(
    string Slug,
    string Name,
    string Description,
    IReadOnlyList<string> Requires,
    bool Active,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record CreateModuleRequest(string? Slug, string? Name, string? Description, IReadOnlyList<string>? Requires);

/// <summary>Only the fields present change; <c>active: false</c> withdraws the module from accounts that do not have it yet.</summary>
public sealed record UpdateModuleRequest(string? Name, string? Description, IReadOnlyList<string>? Requires, bool? Active);
