namespace Platform.Replication.Configuration;

/// <summary>The replication YAML file (<c>Replication:ConfigFile</c> or <c>--config</c>) as a configuration source.</summary>
public sealed class ReplicationFileSource(string path, Func<string, string?>? environment = null) : IConfigurationSource
{
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) =>
        new ReplicationFileProvider(Path, environment ?? Environment.GetEnvironmentVariable);
}
