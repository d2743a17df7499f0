using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Platform.Replication.Configuration;

public static class ReplicationFileExtensions
{
    public const string ConfigFileKey = "Replication:ConfigFile";

    /// <summary>The file named by <c>--config &lt;path&gt;</c> in <paramref name="args"/>, else by <c>Replication:ConfigFile</c>; null when neither is given.</summary>
    public static string? ReplicationFilePath(this IConfiguration configuration, IReadOnlyList<string>? args = null)
    {
        var index = args is null ? -1 : args.ToList().IndexOf("--config");
        if (index >= 0 && index + 1 < args!.Count)
        {
            return args[index + 1];
        }

        // The host's command-line provider turns "--config <path>" into the key "config".
        return configuration[ConfigFileKey] is { Length: > 0 } path ? path : configuration["config"] is { Length: > 0 } flag ? flag : null;
    }

    /// <summary>
    /// Adds the replication file before the unprefixed environment variables (and the command line), so that
    /// <c>Replication__Bucket</c> overrides the file as it overrides any other .NET setting. Without such a source the
    /// file goes last.
    /// </summary>
    public static IConfigurationBuilder AddReplicationFile(this IConfigurationBuilder builder, string path, Func<string, string?>? environment = null)
    {
        var source = new ReplicationFileSource(path, environment);
        var sources = builder.Sources.ToList();
        // The host's own command-line source comes before appsettings.json; the application's comes last.
        var index = sources.FindIndex(candidate => candidate is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (index < 0)
        {
            index = sources.FindLastIndex(candidate => candidate is CommandLineConfigurationSource);
        }

        if (index < 0)
        {
            builder.Sources.Add(source);
        }
        else
        {
            builder.Sources.Insert(index, source);
        }

        return builder;
    }
}
