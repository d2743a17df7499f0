using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin;

public static class AdminServiceExtensions
{
    /// <summary>Neon in production (pooled, TLS, remote); locally the admin database behind pgbouncer.</summary>
    public const string DatabaseName = "admindb";

    public static IHostApplicationBuilder AddAdminServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformPostgres(DatabaseName);
        builder.AddPlatformMessaging();
        return builder;
    }
}
