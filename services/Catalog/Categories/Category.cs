using Platform.ServiceDefaults.Persistence;

namespace Platform.Catalog.Categories;

/// <summary>A category of one shop's catalog, in a tree: <see cref="ParentId"/> names its parent, if any.</summary>
public sealed record Category(
    Guid TenantId,
    Guid Id,
    string Name,
    string Slug,
    Guid? ParentId,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static Category Create(Guid tenantId, NewCategory draft, DateTimeOffset clockNow)
    {
        var now = PostgresTime.Truncate(clockNow);
        return new(tenantId, Guid.CreateVersion7(now), draft.Name, draft.Slug, draft.ParentId, 1, now, now);
    }

    /// <summary>The category after <paramref name="changes"/>, one version on; itself when they change nothing.</summary>
    public Category Apply(CategoryChanges changes, DateTimeOffset clockNow)
    {
        var changed = this with
        {
            Name = changes.Name ?? Name,
            Slug = changes.Slug ?? Slug,
            ParentId = changes.ParentId is { } parent ? parent.Value : ParentId,
        };
        return changed == this ? this : changed with { Version = Version + 1, UpdatedAt = PostgresTime.Truncate(clockNow) };
    }
}
