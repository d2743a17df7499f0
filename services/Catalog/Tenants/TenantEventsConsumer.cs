using MassTransit;
using Platform.Contracts.Admin;

namespace Platform.Catalog.Tenants;

/// <summary>Keeps Catalog's tenant registry in step with Admin, with no call to Admin and no manual step.</summary>
public sealed class TenantEventsConsumer(TenantProvisioning provisioning) :
    IConsumer<TenantProvisioned>,
    IConsumer<TenantPlanChanged>,
    IConsumer<TenantSuspended>,
    IConsumer<TenantReactivated>,
    IConsumer<TenantCancelled>
{
    public Task Consume(ConsumeContext<TenantProvisioned> context) =>
        provisioning.ProvisionAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<TenantPlanChanged> context) =>
        provisioning.ChangePlanAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<TenantSuspended> context) =>
        provisioning.ChangeStatusAsync(context.Message.TenantId, TenantStatus.Suspended, context.Message.OccurredAt, context.CancellationToken);

    public Task Consume(ConsumeContext<TenantReactivated> context) =>
        provisioning.ChangeStatusAsync(context.Message.TenantId, TenantStatus.Active, context.Message.OccurredAt, context.CancellationToken);

    public Task Consume(ConsumeContext<TenantCancelled> context) =>
        provisioning.ChangeStatusAsync(context.Message.TenantId, TenantStatus.Cancelled, context.Message.OccurredAt, context.CancellationToken);
}
