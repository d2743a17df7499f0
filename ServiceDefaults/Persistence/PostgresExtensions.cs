using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Health;

namespace Platform.ServiceDefaults.Persistence;

public static class PostgresExtensions
{
    /// <summary>Statements a connection keeps prepared when <c>preparedStatements</c> is on (Npgsql's automatic preparation).</summary>
    public const int AutoPreparedStatements = 64;

    /// <summary>Registers the service's <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:{connectionName}</c> and its health check.</summary>
    /// <param name="preparedStatements">
    /// Prepares a statement on a connection after its second use, so PostgreSQL parses and plans it once per connection
    /// instead of on every call. Only for a service that reaches PostgreSQL directly: a transaction-mode pooler in
    /// between (Admin's PgBouncer, Neon's pooler) would send the next statement to a server that never prepared it.
    /// A connection string that sets <c>Max Auto Prepare</c> itself wins.
    /// </param>
    public static IHostApplicationBuilder AddPlatformPostgres(this IHostApplicationBuilder builder, string connectionName, bool preparedStatements = false)
    {
        var connectionString = builder.Configuration.GetRequiredConnectionString(connectionName);
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        connection.ApplicationName ??= builder.Environment.ApplicationName;
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (preparedStatements && !given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            connection.MaxAutoPrepare = AutoPreparedStatements;
            connection.AutoPrepareMinUsages = 2;
        }

        builder.Services.AddSingleton(services => new NpgsqlDataSourceBuilder(connection.ConnectionString)
            .UseLoggerFactory(services.GetRequiredService<ILoggerFactory>())
            .Build());
        builder.Services.AddSingleton(builder.Configuration.GetSection("Postgres:Retry").Get<PostgresRetryOptions>() ?? new PostgresRetryOptions());
        builder.Services.AddSingleton<PostgresRetry>();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>(connectionName);
        return builder;
    }

    /// <summary>
    /// Applies the versioned SQL files embedded in <paramref name="migrationsAssembly"/> from <c>Migrations/Postgres/</c>
    /// to <paramref name="schema"/> before the service accepts requests.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresMigrations(this IHostApplicationBuilder builder, string schema, Assembly migrationsAssembly)
    {

        var embedded = MigrationSet.LoadEmbedded(migrationsAssembly);
        // Shared building blocks (the outbox) register their own migrations for the same schema.
        builder.Services.AddSingleton(services => new MigrationSet(schema, embedded
            .Concat(services.GetServices<Migration>())
            .OrderBy(migration => migration.Version, StringComparer.Ordinal)
            .ToList()));
        builder.Services.Configure<MigrationOptions>(builder.Configuration.GetSection("Migrations"));
        builder.Services.AddSingleton<PostgresMigrator>();
        builder.Services.AddHostedService<MigrationHostedService>();
        return builder;
    }
}
