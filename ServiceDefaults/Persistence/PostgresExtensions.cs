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
    /// <summary>Registers the service's <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:{connectionName}</c> and its health check.</summary>
    public static IHostApplicationBuilder AddPlatformPostgres(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = builder.Configuration.GetRequiredConnectionString(connectionName);
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        connection.ApplicationName ??= builder.Environment.ApplicationName;

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
