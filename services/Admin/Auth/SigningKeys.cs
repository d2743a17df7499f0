using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Auth;

/// <summary>
/// The ES256 keys tokens are signed with, kept in Admin's database so every instance signs and validates with the
/// same keys and a restart invalidates no session. The newest key signs; all keys not retired validate and are
/// published at the JWKS endpoint. Held in memory: validation must not wait on a remote database.
/// </summary>
public sealed class SigningKeys(PostgresRetry retry, TimeProvider clock, ILogger<SigningKeys> logger)
{
    private volatile IReadOnlyList<ECDsaSecurityKey> keys = [];

    public ECDsaSecurityKey Current => keys.Count > 0 ? keys[0] : throw new InvalidOperationException("Signing keys are not loaded yet.");

    public IReadOnlyList<ECDsaSecurityKey> All => keys;

    /// <summary>Loads the keys, creating the first one when there is none (once, even with several instances starting).</summary>
    public Task LoadAsync(CancellationToken cancellationToken) =>
        retry.InTransactionAsync<bool>(async (work, cancellationToken) =>
    {
        var (connection, transaction) = (work.Connection, work.Transaction);
        await using (var lockKeys = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('admin.signing_keys'))", connection, transaction))
        {
            await lockKeys.ExecuteNonQueryAsync(cancellationToken);
        }

        var loaded = await ReadAsync(connection, transaction, cancellationToken);
        if (loaded.Count == 0)
        {
            loaded.Add(await CreateAsync(connection, transaction, cancellationToken));
        }

        await work.CommitAsync(cancellationToken);
        keys = loaded;
        return true;
    }, cancellationToken);

    private static async Task<List<ECDsaSecurityKey>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            "SELECT kid, private_key FROM admin.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC", connection, transaction);
        var loaded = new List<ECDsaSecurityKey>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(reader.GetFieldValue<byte[]>(1), out _);
            loaded.Add(new ECDsaSecurityKey(ecdsa) { KeyId = reader.GetString(0) });
        }

        return loaded;
    }

    private async Task<ECDsaSecurityKey> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO admin.signing_keys (kid, algorithm, private_key, created_at) VALUES ($1, 'ES256', $2, $3)", connection, transaction);
        insert.Parameters.Add(new() { Value = kid });
        insert.Parameters.Add(new() { Value = ecdsa.ExportPkcs8PrivateKey() });
        insert.Parameters.Add(new() { Value = clock.GetUtcNow() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Created token signing key {KeyId}", kid);
        return new ECDsaSecurityKey(ecdsa) { KeyId = kid };
    }
}
