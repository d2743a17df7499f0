using Platform.Admin.Audit;

namespace Platform.Admin.Modules;

/// <summary>The platform operator's module catalogue; every change is audited.</summary>
public sealed class ModuleService(IModuleStore modules, TimeProvider clock)
{
    public Task<ModuleCatalogue> CatalogueAsync(CancellationToken cancellationToken) => modules.ReadAsync(cancellationToken);

    public Task<Outcome<Module>> CreateAsync(CreateModuleRequest request, AuditActor actor, CancellationToken cancellationToken) =>
        modules.ChangeAsync(catalogue =>
        {
            var now = clock.GetUtcNow();
            if (!ModuleRules.TryCreate(request, catalogue, now, out var module, out var errors))
            {
                return new Outcome<(Module, AuditEntry)>.Invalid(errors);
            }

            if (catalogue.Find(module.Slug) is not null)
            {
                return new Outcome<(Module, AuditEntry)>.Conflict("The module slug is taken.", $"A module '{module.Slug}' already exists.");
            }

            return (module, AuditEntries.ForChange<Module>(actor, null, "ModuleCreated", "module", module.Slug, null, module, now));
        }, cancellationToken);

    public Task<Outcome<Module>> UpdateAsync(string slug, UpdateModuleRequest request, AuditActor actor, CancellationToken cancellationToken) =>
        modules.ChangeAsync(catalogue =>
        {
            if (catalogue.Find(slug) is not { } current)
            {
                return new Outcome<(Module, AuditEntry)>.NotFound();
            }

            var now = clock.GetUtcNow();
            var updated = current;
            var errors = ModuleRules.Apply(request, catalogue, now, ref updated);
            return errors.Count > 0
                ? new Outcome<(Module, AuditEntry)>.Invalid(errors)
                : (updated, AuditEntries.ForChange(actor, null, "ModuleUpdated", "module", slug, current, updated, now));
        }, cancellationToken);
}
