using System.Globalization;

namespace Platform.Replication.Configuration;

/// <summary>
/// Binds the <c>Replication</c> section after checking each value the binder would choke on: durations (<c>168h</c>
/// as well as <c>7.00:00:00</c>), numbers and booleans. A wrong value becomes a problem naming its key and its default
/// stays, so every problem of the section is reported at once rather than the binder's first exception.
/// </summary>
public static class ReplicationOptionsReader
{
    private static readonly HashSet<string> DurationKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "SyncInterval", "SnapshotInterval", "Retention", "DiscoveryInterval", "ProvisioningWait",
    };

    private static readonly HashSet<string> NumberKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "MaxDatabases", "MaxDatabasesPerTenant", "MaxConcurrentOpens", "MaxTenants", "MaxConcurrentSyncs", "RequestsPerMinutePerTenant",
    };

    private static readonly HashSet<string> FlagKeys = new(StringComparer.OrdinalIgnoreCase) { "Enabled", "GuidValidation" };

    public static ReplicationOptions Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.GetSection(ReplicationOptions.Section).AsEnumerable())
        {
            if (value is null)
            {
                continue;
            }

            var name = key[(key.LastIndexOf(':') + 1)..];
            if (key.StartsWith(ReplicationFileProvider.ProblemsKey + ":", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(value);
            }
            else if (DurationKeys.Contains(name))
            {
                if (Durations.TryParse(value, out var duration))
                {
                    values[key] = duration.ToString("c", CultureInfo.InvariantCulture);
                }
                else
                {
                    problems.Add($"{key} is not a duration such as 168h, 30m, 1s, 500ms or 00:00:01 (was '{value}').");
                }
            }
            else if (NumberKeys.Contains(name) && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                problems.Add($"{key} is not a whole number (was '{value}').");
            }
            else if (FlagKeys.Contains(name) && !bool.TryParse(value, out _))
            {
                problems.Add($"{key} is true or false (was '{value}').");
            }
            else
            {
                values[key] = value;
            }
        }

        problems.AddRange(UnsetVariables(configuration));
        var options = new ReplicationOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(ReplicationOptions.Section).Bind(options);
        options.ReadingProblems.AddRange(problems.OrderBy(problem => problem, StringComparer.Ordinal));
        return options;
    }

    /// <summary>Values of the file that referenced an unset variable, unless another source (environment) gave the key a value.</summary>
    private static IEnumerable<string> UnsetVariables(IConfiguration configuration)
    {
        foreach (var reference in configuration.GetSection(ReplicationFileProvider.VariablesKey).GetChildren())
        {
            if (reference["Key"] is { } key && configuration[key] is null)
            {
                yield return $"{key} uses ${{{reference["Variable"]}}}, which is not set ({reference["Location"]}).";
            }
        }
    }
}
