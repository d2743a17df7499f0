using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Platform.Admin.Apis;

namespace Platform.Admin.Tests;

/// <summary>
/// Admin's database is remote and pooled: a connection can be refused or dropped for a moment (a pooler restart, a
/// serverless database waking up). Requests ride such a blip out within the retry budget, and a write lands once.
/// </summary>
public sealed class TransientDatabaseTests : IAsyncLifetime
{
    private readonly AdminFixture admin = new();
    private TcpProxy proxy = null!;
    private Guid accountId;
    private HttpClient owner = null!;

    public async Task InitializeAsync()
    {
        var pooler = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresPooler ?? TestEnvironment.PostgresServer);
        proxy = TcpProxy.Start(pooler.Host!, pooler.Port);
        admin.DatabaseRoute = connectionString => new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        admin.Settings["Outbox:PollInterval"] = "01:00:00";
        await admin.InitializeAsync();
        accountId = (await admin.CreateAccountAsync(await admin.CreatePlanAsync())).Id;
        (owner, _) = await admin.UserAsync(accountId, "owner");
        await Eventually.MatchAsync(() => admin.CountAsync("SELECT count(*) FROM admin.outbox_messages WHERE published_at IS NULL"), pending => pending == 0);
    }

    public async Task DisposeAsync()
    {
        owner.Dispose();
        await admin.DisposeAsync();
        await proxy.DisposeAsync();
    }

    [Fact]
    public async Task A_write_sent_while_the_database_refuses_connections_succeeds_once_it_is_back()
    {
        proxy.Cut();
        var put = owner.PutAsJsonAsync($"/api/accounts/{accountId}/settings/catalog/currency", new { value = "BRL" });
        var read = owner.GetAsync($"/api/accounts/{accountId}/settings");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(put.IsCompleted, "the request waits for the database instead of failing");
        proxy.Restore();

        using var written = await put;
        using var listed = await read;

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(1, (await written.Content.ReadFromJsonAsync<SettingResponse>(Json.Options))!.Version);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        await AssertAppliedOnceAsync();
    }

    [Fact]
    public async Task A_connection_dropped_in_the_middle_of_a_transaction_runs_it_again_and_applies_it_once()
    {
        // Slow enough that the transaction (read, write, COMMIT) is still at its first statement when the cut comes.
        proxy.Latency = TimeSpan.FromMilliseconds(200);
        proxy.ResetRoundTrips();
        var put = owner.PutAsJsonAsync($"/api/accounts/{accountId}/settings/catalog/currency", new { value = "BRL" });
        await Eventually.MatchAsync(() => Task.FromResult(proxy.RoundTrips), trips => trips >= 1, what: "the request reached the database");
        proxy.Cut();
        proxy.Restore();

        using var written = await put;

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        await AssertAppliedOnceAsync();
    }

    private async Task AssertAppliedOnceAsync()
    {
        Assert.Equal(1, await admin.CountAsync($"SELECT count(*) FROM admin.account_settings WHERE account_id = '{accountId}' AND version = 1"));
        Assert.Equal(1, await admin.CountAsync("SELECT count(*) FROM admin.audit_entries WHERE resource_type = 'setting'"));
    }
}
