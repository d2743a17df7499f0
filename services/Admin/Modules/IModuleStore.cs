using Platform.Admin.Audit;

namespace Platform.Admin.Modules;

public interface IModuleStore
{
    Task<ModuleCatalogue> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One catalogue change at a time: reads the catalogue under a lock, lets <paramref name="decide"/> choose the module
    /// to write (new or changed), and writes it with its audit entry. Requirement cycles cannot slip in between two changes.
    /// </summary>
    Task<Outcome<Module>> ChangeAsync(Func<ModuleCatalogue, Outcome<(Module Module, AuditEntry Audit)>> decide, CancellationToken cancellationToken);
}
