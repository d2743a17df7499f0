using System.Globalization;
using Platform.Replication.Engine;
using Platform.Replication.Registry;

namespace Platform.Replication;

/// <summary>
/// <c>Replication.Api restore --tenant {guid} [--db {name}] [--timestamp {ISO 8601}] --output {file} [--overwrite]</c>:
/// restores from the configured target (same settings as the service) and exits: 0 restored, 1 nothing to restore or
/// the restore failed, 2 wrong arguments.
/// </summary>
public static class RestoreCommand
{
    public const string Verb = "restore";

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken)
    {
        var options = ParseArguments(args[1..], out var error);
        if (options is null)
        {
            await output.WriteLineAsync($"restore: {error}");
            await output.WriteLineAsync("usage: restore --tenant <guid> [--db <name>] [--timestamp <ISO 8601>] --output <file> [--overwrite] [--config <replication.yml>]");
            return 2;
        }

        var replication = configuration.ReadReplicationOptions();
        var store = ReplicationTargets.From(replication, configuration).Open(options.Tenant);
        try
        {
            var result = await new DatabaseRestorer(store).RestoreAsync(
                new RestoreRequest(options.Database, Path.GetFullPath(options.Output), options.Overwrite, options.Timestamp), cancellationToken);
            await output.WriteLineAsync($"restored {options.Database} of {options.Tenant} to {result.OutputPath} at {result.Position} " +
                $"(shipped {result.ShippedAt:O}, {result.SegmentsApplied} segments)");
            return 0;
        }
        catch (RestoreException exception)
        {
            await output.WriteLineAsync($"restore: {exception.Message}");
            return 1;
        }
    }

    private static RestoreOptions? ParseArguments(string[] args, out string error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var overwrite = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--overwrite")
            {
                overwrite = true;
            }
            else if (args[i] is "--tenant" or "--db" or "--timestamp" or "--output" or "--config" && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                error = $"unknown or incomplete argument '{args[i]}'";
                return null;
            }
        }

        if (!values.TryGetValue("--tenant", out var tenantText) || !Guid.TryParse(tenantText, out var tenant) || tenant == Guid.Empty)
        {
            error = "--tenant takes the tenant's id (a GUID)";
            return null;
        }

        var database = values.GetValueOrDefault("--db") ?? DatabaseLocator.DefaultName(tenant);
        if (!DatabaseLocator.IsValidName(database))
        {
            error = "--db takes a database name (letters, digits, '-' and '_')";
            return null;
        }

        DateTimeOffset? timestamp = null;
        if (values.TryGetValue("--timestamp", out var timestampText))
        {
            if (!DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                error = "--timestamp takes an ISO 8601 time, such as 2026-11-22T10:00:00Z";
                return null;
            }

            timestamp = parsed;
        }

        if (!values.TryGetValue("--output", out var outputPath) || string.IsNullOrWhiteSpace(outputPath))
        {
            error = "--output names the file to create";
            return null;
        }

        error = "";
        return new RestoreOptions(tenant, database, timestamp, outputPath, overwrite);
    }

    private sealed record RestoreOptions(Guid Tenant, string Database, DateTimeOffset? Timestamp, string Output, bool Overwrite);
}
