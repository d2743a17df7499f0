using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Platform.Replication.Configuration;

namespace Platform.Replication.Tests.Configuration;

/// <summary>Sets <c>Replication__*</c> variables of the test process, so it runs alone: a service host started meanwhile would read them.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public sealed class EnvironmentOverrideTests
{
    [Fact]
    public void An_environment_variable_overrides_the_file_in_a_plain_configuration()
    {
        using var file = ConfigFile.Write(ExampleFile.Yaml);
        using var variable = new ScopedVariable("Replication__Bucket", "from-environment");

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddReplicationFile(file.Path, _ => "x").Build();

        Assert.Equal("from-environment", configuration["Replication:Bucket"]);
        Assert.Equal("168h", configuration["Replication:Clients:0:Retention"]);
    }

    [Fact]
    public void An_environment_variable_overrides_the_file_in_the_web_host_configuration()
    {
        using var file = ConfigFile.Write(ExampleFile.Yaml);
        using var bucket = new ScopedVariable("Replication__Bucket", "from-environment");
        using var retention = new ScopedVariable("Replication__Clients__0__Retention", "72h");
        var builder = WebApplication.CreateBuilder(["--config", file.Path]);

        builder.Configuration.AddReplicationFile(builder.Configuration.ReplicationFilePath()!, _ => "x");

        var options = ReplicationOptionsReader.Read(builder.Configuration);
        Assert.Equal("from-environment", options.Bucket);
        Assert.Equal(TimeSpan.FromHours(72), options.Clients[0].Retention);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Clients[0].SyncInterval);
    }

    [Fact]
    public void The_file_is_named_by_the_config_flag_or_the_setting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Replication:ConfigFile"] = "from-setting.yml" }).Build();

        Assert.Equal("from-flag.yml", configuration.ReplicationFilePath(["restore", "--config", "from-flag.yml"]));
        Assert.Equal("from-setting.yml", configuration.ReplicationFilePath(["restore"]));
        Assert.Null(new ConfigurationBuilder().Build().ReplicationFilePath());
    }

    private sealed class ScopedVariable : IDisposable
    {
        private readonly string name;

        public ScopedVariable(string name, string value)
        {
            this.name = name;
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(name, null);
    }
}
