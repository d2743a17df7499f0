using Decision = Platform.Admin.Outcome<(Platform.Admin.Accounts.Account Next, System.Collections.Generic.IReadOnlyList<Platform.Contracts.IIntegrationEvent> Events)>;
using Platform.Admin.Audit;
using Platform.Admin.Modules;
using Platform.Admin.Plans;
using Platform.Admin.Settings;
using Platform.Admin.Templates;
using Platform.Contracts;
using Platform.Contracts.Admin;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Accounts;

/// <summary>The account use cases. Every change is stored with the events other services act on.</summary>
public sealed class AccountService(IAccountStore accounts, IPlanStore plans, IModuleStore modules, ITemplateStore templates, TimeProvider clock)
{
    /// <summary>Concurrent edits of one account are re-applied on the fresh state this many times.</summary>
    private const int Attempts = 3;

    public async Task<Outcome<Account>> CreateAsync(CreateAccountRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!AccountRules.TryCreate(request, out var draft, out var errors))
        {
            return new Outcome<Account>.Invalid(errors);
        }

        // Independent reads in parallel: one round trip's latency to a remote database instead of three.
        var templateSlug = request.Template?.Trim().ToLowerInvariant();
        var planRead = plans.FindAsync(draft.PlanId, cancellationToken);
        var catalogueRead = modules.ReadAsync(cancellationToken);
        var templateRead = templateSlug is null ? Task.FromResult<ShopTemplate?>(null) : templates.FindAsync(templateSlug, cancellationToken);
        await Task.WhenAll(planRead, catalogueRead, templateRead);
        var (plan, template) = (planRead.Result, templateRead.Result);

        errors = [];
        if (plan is not { Active: true })
        {
            errors["planId"] = ["No active plan has this id."];
        }

        if (templateSlug is not null && template is not { Active: true })
        {
            errors["template"] = [$"No active shop template is named '{request.Template}'."];
        }
        else
        {
            // A template's modules come on top of those asked for; both follow the catalogue's rules.
            draft = draft with { Modules = [.. draft.Modules.Union(template?.Modules ?? [], StringComparer.Ordinal)] };
            if (catalogueRead.Result.ProblemsEnabling(draft.Modules, []) is { Count: > 0 } problems)
            {
                errors["modules"] = [.. problems];
            }
        }

        if (errors.Count > 0)
        {
            return new Outcome<Account>.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var account = Account.Open(draft, plan!, now);
        var provisioned = new TenantProvisioned(Guid.CreateVersion7(now), account.CreatedAt, account.Id, account.CompanyName,
            account.DatabaseType.ToString().ToLowerInvariant(), account.DatabaseConfig, plan!.Id, plan.MaxProducts, plan.MaxUsers, account.Modules);

        var settings = template is null ? [] : StartingSettings(account, template, actor);
        var audit = new List<AuditEntry>
        {
            AuditEntries.ForChange(actor, account.Id, "AccountCreated", "account", account.Id.ToString(), null, account, now, provisioned.Id),
        };
        if (template is not null)
        {
            audit.Add(AuditEntries.ForChange(actor, account.Id, "TemplateApplied", "account", account.Id.ToString(), null,
                new { Template = template.Slug, template.Version, template.Modules, template.Settings }, now));
        }

        return await accounts.AddAsync(account, settings, [provisioned], audit, cancellationToken)
            ? account
            : new Outcome<Account>.Conflict("The CNPJ is taken.", $"An account with CNPJ {draft.Cnpj.Formatted} already exists.");
    }

    private static List<AccountSetting> StartingSettings(Account account, ShopTemplate template, AuditActor actor) =>
        template.Settings
            .Where(module => account.Modules.Contains(module.Key))
            .SelectMany(module => module.Value.Select(setting =>
                new AccountSetting(account.Id, module.Key, setting.Key, setting.Value, 1, actor.UserId, account.CreatedAt)))
            .ToList();

    public Task<Account?> FindAsync(Guid accountId, CancellationToken cancellationToken) => accounts.FindAsync(accountId, cancellationToken);

    public Task<Page<Account>> ListAsync(AccountFilter filter, CancellationToken cancellationToken) => accounts.ListAsync(filter, cancellationToken);

    public Task<Outcome<Account>> UpdateAsync(Guid accountId, UpdateAccountRequest request, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, "AccountUpdated", actor, async (current, now) =>
        {
            var updated = current;
            var errors = AccountRules.Apply(request, ref updated);
            if (errors.Count > 0)
            {
                return new Decision.Invalid(errors);
            }

            if (current.Status == AccountStatus.Cancelled)
            {
                return new Decision.Conflict("The account is cancelled.", "A cancelled account cannot be changed.");
            }

            if (!updated.Modules.SequenceEqual(current.Modules) &&
                (await modules.ReadAsync(cancellationToken)).ProblemsEnabling(updated.Modules, current.Modules) is { Count: > 0 } problems)
            {
                return new Decision.Invalid(new() { ["modules"] = [.. problems] });
            }

            var events = new List<IIntegrationEvent>();
            if (updated.PlanId != current.PlanId)
            {
                var plan = await plans.FindAsync(updated.PlanId, cancellationToken);
                if (plan is not { Active: true })
                {
                    return new Decision.Invalid(new() { ["planId"] = ["No active plan has this id."] });
                }

                events.Add(new TenantPlanChanged(Guid.CreateVersion7(now), now, current.Id, current.PlanId, plan.Id, plan.MaxProducts, plan.MaxUsers));
            }

            updated = updated with { Version = current.Version + 1, UpdatedAt = PostgresTime.Truncate(now) };
            return (updated, events);
        }, cancellationToken);

    public Task<Outcome<Account>> ChangeStatusAsync(Guid accountId, AccountStatus target, string? reason, AuditActor actor, CancellationToken cancellationToken)
    {
        var errors = AccountRules.ValidateReason(reason);
        if (errors.Count > 0)
        {
            return Task.FromResult<Outcome<Account>>(new Outcome<Account>.Invalid(errors));
        }

        var action = target switch
        {
            AccountStatus.Suspended => "AccountSuspended",
            AccountStatus.Active => "AccountReactivated",
            _ => "AccountCancelled",
        };
        return ChangeAsync(accountId, action, actor, (current, now) =>
        {
            if (!current.CanMoveTo(target))
            {
                return Task.FromResult<Decision>(
                    new Decision.Conflict(
                        "The account cannot change to that status.",
                        $"An account that is {current.Status.ToString().ToLowerInvariant()} cannot become {target.ToString().ToLowerInvariant()}."));
            }

            var moved = current.MoveTo(target, now);
            IIntegrationEvent announcement = target switch
            {
                AccountStatus.Suspended => new TenantSuspended(Guid.CreateVersion7(now), moved.UpdatedAt, moved.Id, reason),
                AccountStatus.Active => new TenantReactivated(Guid.CreateVersion7(now), moved.UpdatedAt, moved.Id),
                _ => new TenantCancelled(Guid.CreateVersion7(now), moved.UpdatedAt, moved.Id, reason),
            };
            return Task.FromResult<Decision>((moved, [announcement]));
        }, cancellationToken);
    }

    /// <summary>Reads, decides, and writes only if nobody changed the account meanwhile; otherwise decides again.</summary>
    private async Task<Outcome<Account>> ChangeAsync(
        Guid accountId,
        string action,
        AuditActor actor,
        Func<Account, DateTimeOffset, Task<Decision>> decide,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await accounts.FindAsync(accountId, cancellationToken);
            if (current is null)
            {
                return new Outcome<Account>.NotFound();
            }

            var now = clock.GetUtcNow();
            switch (await decide(current, now))
            {
                case Decision.Success(var (next, events)):
                    var audit = AuditEntries.ForChange(actor, accountId, action, "account", accountId.ToString(), current, next, now, events.FirstOrDefault()?.Id);
                    if (await accounts.UpdateAsync(next, current.Version, events, audit, cancellationToken))
                    {
                        return next;
                    }

                    if (attempt == Attempts)
                    {
                        return new Outcome<Account>.Conflict("The account is being changed concurrently.", "Retry the request.");
                    }

                    break;
                case Decision.Invalid(var errors):
                    return new Outcome<Account>.Invalid(errors);
                case Decision.Conflict(var title, var detail):
                    return new Outcome<Account>.Conflict(title, detail);
                default:
                    return new Outcome<Account>.NotFound();
            }
        }
    }
}
