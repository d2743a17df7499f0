using Microsoft.Extensions.Configuration;
using Platform.Replication.Configuration;

namespace Platform.Replication.Tests.Configuration;

public sealed class VariableTests
{
    private const string Base = """
        bucket: company-data
        autoDiscovery: { watchPaths: [ {data} ] }
        clients:
          - clientId: 12345678-1234-5678-9abc-123456789012
            s3: { accessKey: ${TENANT_A_ACCESS_KEY}, secretKey: "key-${TENANT_A_SECRET_KEY}-end" }
        """;

    [Fact]
    public void Variables_are_expanded_from_the_environment()
    {
        using var file = ConfigFile.Write(Base);

        var client = Assert.Single(file.Read(ExampleFile.Credentials).Clients);

        Assert.Equal("tenant-a-access", client.S3?.AccessKey);
        Assert.Equal("key-tenant-a-secret-end", client.S3?.SecretKey);
    }

    [Fact]
    public void Variables_come_from_the_process_environment_by_default()
    {
        var name = $"REPLICATION_TEST_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, "from-process");
        try
        {
            using var file = ConfigFile.Write($"bucket: ${{{name}}}\n");

            var configuration = new ConfigurationBuilder().AddReplicationFile(file.Path).Build();

            Assert.Equal("from-process", configuration["Replication:Bucket"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Single_quoted_values_are_taken_literally()
    {
        using var file = ConfigFile.Write("bucket: '${NOT_A_VARIABLE}'\n");

        Assert.Equal("${NOT_A_VARIABLE}", file.Build()["Replication:Bucket"]);
    }

    [Fact]
    public void An_unset_variable_is_a_problem_naming_the_key_and_the_variable()
    {
        using var file = ConfigFile.Write(Base);

        var problems = file.Read(new Dictionary<string, string?> { ["TENANT_A_ACCESS_KEY"] = "a" }).Problems();

        var problem = Assert.Single(problems, problem => problem.Contains("TENANT_A_SECRET_KEY", StringComparison.Ordinal));
        Assert.StartsWith("Replication:Clients:0:S3:SecretKey uses ${TENANT_A_SECRET_KEY}, which is not set", problem, StringComparison.Ordinal);
        Assert.Contains($"{file.Path}(5,", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_variable_is_no_problem_when_another_source_sets_the_key()
    {
        using var file = ConfigFile.Write(Base);

        var options = file.Read(new Dictionary<string, string?> { ["TENANT_A_ACCESS_KEY"] = "a" },
            after: new Dictionary<string, string?> { ["Replication:Clients:0:S3:SecretKey"] = "from-environment" });

        Assert.Empty(options.Problems());
        Assert.Equal("from-environment", options.Clients[0].S3?.SecretKey);
    }
}
