using Microsoft.Extensions.Configuration;
using Platform.Replication.Configuration;

namespace Platform.Replication.Tests.Configuration;

/// <summary>A replication YAML file in a temporary folder; <c>{data}</c> in its text stands for the folder's watch folder.</summary>
public sealed class ConfigFile : IDisposable
{
    private ConfigFile(string root, string yaml)
    {
        Root = root;
        Directory.CreateDirectory(DataFolder);
        Path = System.IO.Path.Combine(root, "replication.yml");
        File.WriteAllText(Path, yaml.Replace("{data}", DataFolder, StringComparison.Ordinal));
    }

    public string Root { get; }

    public string DataFolder => System.IO.Path.Combine(Root, "data");

    public string ReplicaFolder => System.IO.Path.Combine(Root, "replicas");

    public string Path { get; }

    public static ConfigFile Write(string yaml) =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "replication-config", Guid.NewGuid().ToString("N")), yaml);

    /// <summary>The file, then <paramref name="after"/> (standing for the environment) on top of it.</summary>
    public IConfigurationRoot Build(IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyDictionary<string, string?>? after = null) =>
        new ConfigurationBuilder()
            .AddReplicationFile(Path, name => environment is not null && environment.TryGetValue(name, out var value) ? value : null)
            .AddInMemoryCollection(after ?? new Dictionary<string, string?>())
            .Build();

    public ReplicationOptions Read(IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyDictionary<string, string?>? after = null) =>
        ReplicationOptionsReader.Read(Build(environment, after));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
