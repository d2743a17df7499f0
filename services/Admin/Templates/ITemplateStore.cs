using Platform.Admin.Audit;

namespace Platform.Admin.Templates;

public interface ITemplateStore
{
    /// <summary>Adds the template with its audit entry; false when its slug is taken.</summary>
    Task<bool> AddAsync(ShopTemplate template, AuditEntry audit, CancellationToken cancellationToken);

    Task<ShopTemplate?> FindAsync(string slug, CancellationToken cancellationToken);

    Task<IReadOnlyList<ShopTemplate>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Writes the new state with its audit entry if the stored version is still <paramref name="expectedVersion"/>.</summary>
    Task<bool> UpdateAsync(ShopTemplate template, long expectedVersion, AuditEntry audit, CancellationToken cancellationToken);
}
