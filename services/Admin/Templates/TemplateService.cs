using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.Admin.Modules;

namespace Platform.Admin.Templates;

/// <summary>Shop templates, managed by the platform operator; shops see the active ones.</summary>
public sealed class TemplateService(ITemplateStore templates, IModuleStore modules, TimeProvider clock)
{
    public async Task<IReadOnlyList<ShopTemplate>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        (await templates.ListAsync(cancellationToken)).Where(template => template.Active || caller.IsSuperadmin).ToList();

    public async Task<ShopTemplate?> FindAsync(Caller caller, string slug, CancellationToken cancellationToken) =>
        await templates.FindAsync(slug, cancellationToken) is { } template && (template.Active || caller.IsSuperadmin) ? template : null;

    public async Task<Outcome<ShopTemplate>> CreateAsync(CreateTemplateRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!TemplateRules.TryCreate(request, await modules.ReadAsync(cancellationToken), now, out var template, out var errors))
        {
            return new Outcome<ShopTemplate>.Invalid(errors);
        }

        var audit = AuditEntries.ForChange<ShopTemplate>(actor, null, "TemplateCreated", "shop-template", template.Slug, null, template, now);
        return await templates.AddAsync(template, audit, cancellationToken)
            ? template
            : new Outcome<ShopTemplate>.Conflict("The template slug is taken.", $"A template '{template.Slug}' already exists.");
    }

    public async Task<Outcome<ShopTemplate>> UpdateAsync(string slug, UpdateTemplateRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var (found, catalogue) = (templates.FindAsync(slug, cancellationToken), modules.ReadAsync(cancellationToken));
        await Task.WhenAll(found, catalogue);
        if (found.Result is not { } current)
        {
            return new Outcome<ShopTemplate>.NotFound();
        }

        var now = clock.GetUtcNow();
        var updated = current;
        var errors = TemplateRules.Apply(request, catalogue.Result, now, ref updated);
        if (errors.Count > 0)
        {
            return new Outcome<ShopTemplate>.Invalid(errors);
        }

        var audit = AuditEntries.ForChange(actor, null, "TemplateUpdated", "shop-template", slug, current, updated, now);
        return await templates.UpdateAsync(updated, current.Version, audit, cancellationToken)
            ? updated
            : new Outcome<ShopTemplate>.Conflict("The template is being changed concurrently.", "Retry the request.");
    }
}
