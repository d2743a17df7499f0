using Npgsql;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Plans;

public sealed class PostgresPlanStore(NpgsqlDataSource dataSource, PostgresRetry retry) : IPlanStore
{
    private const string Columns = "id, name, price_cents, currency, billing_cycle, max_products, max_users, features, active, created_at";

    public async Task<bool> AddAsync(Plan plan, CancellationToken cancellationToken)
    {
        await using var connection = await retry.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO admin.plans ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (name) DO NOTHING
            """, connection);
        command.Parameters.Add(new() { Value = plan.Id });
        command.Parameters.Add(new() { Value = plan.Name });
        command.Parameters.Add(new() { Value = plan.PriceCents });
        command.Parameters.Add(new() { Value = plan.Currency });
        command.Parameters.Add(new() { Value = plan.BillingCycle.ToString().ToLowerInvariant() });
        command.Parameters.Add(new() { Value = plan.MaxProducts });
        command.Parameters.Add(new() { Value = plan.MaxUsers });
        command.Parameters.Add(new() { Value = plan.Features.ToArray() });
        command.Parameters.Add(new() { Value = plan.Active });
        command.Parameters.Add(new() { Value = plan.CreatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<Plan?> FindAsync(Guid planId, CancellationToken cancellationToken) =>
        retry.ReadAsync<Plan?>(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM admin.plans WHERE id = $1");
        command.Parameters.Add(new() { Value = planId });
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }, cancellationToken);

    public Task<IReadOnlyList<Plan>> ListAsync(CancellationToken cancellationToken) =>
        retry.ReadAsync<IReadOnlyList<Plan>>(async cancellationToken =>
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM admin.plans ORDER BY price_cents, name");
        return await ReadAsync(command, cancellationToken);
    }, cancellationToken);

    private static async Task<List<Plan>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var plans = new List<Plan>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            plans.Add(new Plan(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                Enum.Parse<BillingCycle>(reader.GetString(4), ignoreCase: true),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.GetFieldValue<string[]>(7),
                reader.GetBoolean(8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return plans;
    }
}
