using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Platform.ServiceDefaults.Persistence;
using Platform.TestSupport;

namespace Platform.ServiceDefaults.Tests;

public sealed class MigrationTests
{
    private static readonly MigrationSet Embedded = new("probe", MigrationSet.LoadEmbedded(typeof(MigrationTests).Assembly));

    [Fact]
    public void Embedded_migrations_load_in_version_order()
    {
        Assert.Equal(["0001_items", "0002_items_price"], Embedded.Migrations.Select(migration => migration.Version));
    }

    [Fact]
    public async Task Migrations_apply_once_and_a_second_run_applies_nothing()
    {
        await using var database = await TestDatabase.CreateAsync("migrate");
        await using var dataSource = database.CreateDataSource();

        var first = await Migrator(dataSource, Embedded).MigrateAsync(CancellationToken.None);
        var second = await Migrator(dataSource, Embedded).MigrateAsync(CancellationToken.None);

        Assert.Equal(["0001_items", "0002_items_price"], first);
        Assert.Empty(second);
        await using var insert = dataSource.CreateCommand("INSERT INTO probe.items (id, name, price_cents) VALUES (1, 'x', 10)");
        Assert.Equal(1, await insert.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Instances_starting_together_apply_each_migration_once()
    {
        await using var database = await TestDatabase.CreateAsync("migrate");
        await using var dataSource = database.CreateDataSource();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Migrator(dataSource, Embedded).MigrateAsync(CancellationToken.None))));

        Assert.Equal(2, results.Sum(applied => applied.Count));
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM probe.schema_migrations");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_shipped_migration_that_was_edited_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync("migrate");
        await using var dataSource = database.CreateDataSource();
        await Migrator(dataSource, Embedded).MigrateAsync(CancellationToken.None);

        var edited = Embedded with
        {
            Migrations = [Embedded.Migrations[0] with { Sql = Embedded.Migrations[0].Sql + "\n-- edited" }, Embedded.Migrations[1]],
        };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(dataSource, edited).MigrateAsync(CancellationToken.None));
        Assert.Contains("0001_items", failure.Message);
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_behind()
    {
        await using var database = await TestDatabase.CreateAsync("migrate");
        await using var dataSource = database.CreateDataSource();
        var broken = Embedded with
        {
            Migrations = [.. Embedded.Migrations, new Migration("0003_broken", "ALTER TABLE probe.missing ADD COLUMN x int;")],
        };

        await Assert.ThrowsAsync<PostgresException>(() => Migrator(dataSource, broken).MigrateAsync(CancellationToken.None));

        await using var exists = dataSource.CreateCommand("SELECT to_regclass('probe.items') IS NOT NULL");
        Assert.Equal(false, await exists.ExecuteScalarAsync());
    }

    private static PostgresMigrator Migrator(NpgsqlDataSource dataSource, MigrationSet set) =>
        new(dataSource, set, NullLogger<PostgresMigrator>.Instance);
}
