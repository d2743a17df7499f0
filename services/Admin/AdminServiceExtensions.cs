using MassTransit;
using Platform.Admin.Accounts;
using Platform.Admin.Audit;
using Platform.Admin.Auth;
using Platform.Admin.Billing;
using Platform.Admin.Dashboard;
using Platform.Admin.Modules;
using Platform.Admin.Plans;
using Platform.Admin.Settings;
using Platform.Admin.Templates;
using Platform.Admin.Users;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin;

public static class AdminServiceExtensions
{
    /// <summary>Neon in production (pooled, TLS, remote); locally the admin database behind pgbouncer.</summary>
    public const string DatabaseName = "admindb";
    public const string Schema = "admin";

    public static IHostApplicationBuilder AddAdminServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformPostgres(DatabaseName);
        builder.AddPostgresMigrations(Schema, typeof(AdminServiceExtensions).Assembly);
        builder.AddPlatformMessaging(bus => bus.AddConsumer<IntegrationEventAuditConsumer>());
        builder.AddPostgresOutbox(Schema);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IAuditLog, PostgresAuditLog>();
        builder.Services.AddSingleton<IPlanStore, PostgresPlanStore>();
        builder.Services.AddSingleton<IAccountStore, PostgresAccountStore>();
        builder.Services.AddSingleton<AccountService>();
        builder.Services.AddSingleton<IUserStore, PostgresUserStore>();
        builder.Services.AddSingleton<UserService>();
        builder.Services.AddSingleton<IChargeStore, PostgresChargeStore>();
        builder.Services.AddSingleton<IModuleStore, PostgresModuleStore>();
        builder.Services.AddSingleton<ModuleService>();
        builder.Services.AddSingleton<ISettingsStore, PostgresSettingsStore>();
        builder.Services.AddSingleton<SettingsService>();
        builder.Services.AddSingleton<ITemplateStore, PostgresTemplateStore>();
        builder.Services.AddSingleton<TemplateService>();
        builder.AddAdminAuth();
        builder.AddAdminDashboard();
        return builder;
    }
}
