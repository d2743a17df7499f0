using System.Text.Json;

namespace Platform.Admin.Templates;

/// <summary>
/// What a new shop starts from: the modules enabled and their settings. Sample categories are kept for the catalog
/// to offer a new shop; Admin does not create them.
/// </summary>
public sealed record ShopTemplate(
    string Slug,
    string Name,
    string Description,
    IReadOnlyList<string> Modules,
    IReadOnlyDictionary<string, Dictionary<string, JsonElement>> Settings,
    IReadOnlyList<string> SampleCategories,
    bool Active,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record CreateTemplateRequest(
    string? Slug,
    string? Name,
    string? Description,
    IReadOnlyList<string>? Modules,
    Dictionary<string, Dictionary<string, JsonElement>>? Settings,
    IReadOnlyList<string>? SampleCategories);

/// <summary>Only the fields present change.</summary>
public sealed record UpdateTemplateRequest(
    string? Name,
    string? Description,
    IReadOnlyList<string>? Modules,
    Dictionary<string, Dictionary<string, JsonElement>>? Settings,
    IReadOnlyList<string>? SampleCategories,
    bool? Active);
