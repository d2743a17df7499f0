using System.Text.RegularExpressions;
using Platform.Replication.Registry;

namespace Platform.Replication.Configuration;

/// <summary>The checks of the file's parts (clients, auto-discovery), each problem naming its <c>Replication:*</c> key.</summary>
internal static class ReplicationProblems
{
    private const string Clients = $"{ReplicationOptions.Section}:Clients";
    private const string AutoDiscovery = $"{ReplicationOptions.Section}:AutoDiscovery";

    public static IEnumerable<string> OfClients(ReplicationOptions options)
    {
        var tenants = new Dictionary<Guid, int>();
        var prefixes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            var key = $"{Clients}:{i}";
            var tenant = client.TenantId;
            if (string.IsNullOrWhiteSpace(client.ClientId))
            {
                yield return $"{key}:ClientId is required.";
            }
            else if (tenant == Guid.Empty)
            {
                yield return $"{key}:ClientId is not a tenant GUID (was '{client.ClientId}').";
            }
            else if (!tenants.TryAdd(tenant, i))
            {
                yield return $"{key}:ClientId repeats {Clients}:{tenants[tenant]}:ClientId ({tenant}).";
            }

            if (client.DbPath is { } dbPath && DbPathProblem(options, tenant, dbPath) is { } problem)
            {
                yield return $"{key}:DbPath {problem}";
            }

            if (client.S3Prefix is { } prefix)
            {
                var trimmed = prefix.Trim('/');
                if (!IsValidPrefix(trimmed))
                {
                    yield return $"{key}:S3Prefix is a relative key prefix of letters, digits, '.', '_', '-' and '/' without '..' (was '{prefix}').";
                }
                else if (!prefixes.TryAdd(trimmed, i))
                {
                    yield return $"{key}:S3Prefix repeats {Clients}:{prefixes[trimmed]}:S3Prefix: two tenants would share their replicas.";
                }
            }

            if (client.SyncInterval is not null || client.SnapshotInterval is not null || client.Retention is not null)
            {
                foreach (var intervalProblem in ReplicationOptions.IntervalProblems(key, client.SyncInterval ?? options.SyncInterval,
                    client.SnapshotInterval ?? options.SnapshotInterval, client.Retention ?? options.Retention))
                {
                    yield return intervalProblem;
                }
            }

            if (client.S3 is { } s3)
            {
                if (string.IsNullOrEmpty(s3.AccessKey) || string.IsNullOrEmpty(s3.SecretKey))
                {
                    yield return $"{key}:S3 needs both AccessKey and SecretKey.";
                }

                if (string.IsNullOrWhiteSpace(options.Bucket))
                {
                    yield return $"{key}:S3 credentials need {ReplicationOptions.Section}:Bucket (replicas go to a folder otherwise).";
                }
            }
        }
    }

    public static IEnumerable<string> OfAutoDiscovery(ReplicationOptions options)
    {
        var discovery = options.AutoDiscovery;
        for (var i = 0; i < discovery.Patterns.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(discovery.Patterns[i]) || discovery.Patterns[i].IndexOfAny(['/', '\\']) >= 0)
            {
                yield return $"{AutoDiscovery}:Patterns:{i} is a file name pattern such as *.db (was '{discovery.Patterns[i]}').";
            }
        }

        if (!discovery.GuidValidation)
        {
            yield return $"{AutoDiscovery}:GuidValidation cannot be false: tenants are identified by their GUID.";
        }

        if (discovery.TenantPattern is { } pattern)
        {
            Regex? regex = null;
            string? error = null;
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException exception)
            {
                error = exception.Message;
            }

            if (regex is null)
            {
                yield return $"{AutoDiscovery}:TenantPattern does not compile: {error}";
            }
            else if (!regex.GetGroupNames().Contains("tenant"))
            {
                yield return $"{AutoDiscovery}:TenantPattern has no (?<tenant>...) group (was '{pattern}').";
            }
        }
    }

    private static string? DbPathProblem(ReplicationOptions options, Guid tenant, string dbPath)
    {
        if (string.IsNullOrWhiteSpace(dbPath))
        {
            return "is empty.";
        }

        var full = Path.GetFullPath(dbPath);
        if (!options.WatchFolders.Any(folder => !string.IsNullOrWhiteSpace(folder) && DatabaseLocator.IsUnder(folder, full)))
        {
            return $"'{dbPath}' is not inside {ReplicationOptions.Section}:WatchFolders.";
        }

        return tenant != Guid.Empty && DatabaseLocator.NameOf(tenant, full) is null
            ? $"'{dbPath}' does not name a database of this tenant: {{tenant}}.db, or a name of letters, digits, '_' and '-' that is not another tenant's GUID."
            : null;
    }

    private static bool IsValidPrefix(string prefix) =>
        prefix.Length is > 0 and <= 512 && !prefix.Contains("..", StringComparison.Ordinal) && !prefix.Contains("//", StringComparison.Ordinal)
        && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/');
}
