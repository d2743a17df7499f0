using System.Text.RegularExpressions;

namespace Platform.AppHost.Tests;

/// <summary>
/// What the AppHost wires, checked against what the services read and against what the native launcher
/// (scripts/run.sh with scripts/infra.sh) injects under the same names.
/// </summary>
public sealed partial class TopologyTests(AppModel model) : IClassFixture<AppModel>
{
    // What each service reads: ConnectionStrings__<name> and services__<name>__http__0.
    public static TheoryData<string, string[]> ConnectionStrings => new()
    {
        { "admin-api", ["admindb", "messaging"] },
        { "catalog-api", ["catalogdb", "messaging", "redis", "objectstorage"] },
        { "search-api", ["searchdb", "messaging", "elasticsearch"] },
        { "replication-api", ["objectstorage", "messaging"] },
    };

    public static TheoryData<string, string[]> ServiceAddresses => new()
    {
        { "admin-api", ["catalog-api"] },
        { "catalog-api", ["admin-api"] },
        { "search-api", ["admin-api", "catalog-api"] },
        { "replication-api", ["admin-api"] },
    };

    // A service starts once the servers it connects to are up (waiting for a database also waits for its server);
    // Admin and Catalog refer to each other, so no service waits for another.
    public static TheoryData<string, string[]> Waits => new()
    {
        { "admin-api", ["admindb", "admin-postgres", "messaging"] },
        { "catalog-api", ["catalogdb", "postgres", "messaging", "redis", "objectstorage"] },
        { "search-api", ["searchdb", "postgres", "messaging", "elasticsearch-server"] },
        { "replication-api", ["objectstorage", "messaging"] },
    };

    [Fact]
    public void The_service_projects_are_the_four_the_native_launcher_starts()
    {
        // "name|project|port" entries of scripts/run.sh.
        var launched = LauncherEntry().Matches(File.ReadAllText(Path.Combine(AppModel.RepositoryRoot, "scripts", "run.sh")))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["project"].Value);
        Assert.Equal(4, launched.Count);

        var projects = model.Resources.OfType<ProjectResource>().ToDictionary(p => p.Name, p => p.GetProjectMetadata().ProjectPath);

        Assert.Equal(launched.Keys.Order(), projects.Keys.Order());
        foreach (var (name, project) in launched)
        {
            Assert.Equal(Path.GetFullPath(Path.Combine(AppModel.RepositoryRoot, project)), Path.GetFullPath(projects[name]));
        }
    }

    [Theory]
    [MemberData(nameof(ConnectionStrings))]
    public async Task Each_service_gets_the_connection_strings_it_reads(string service, string[] connections)
    {
        foreach (var (key, (unprocessed, processed)) in await VariablesOf(service, connections.Select(c => $"ConnectionStrings__{c}")))
        {
            var name = key["ConnectionStrings__".Length..];
            Assert.Equal(name, Assert.IsType<ConnectionStringReference>(unprocessed).Resource.Name);
            Assert.Equal($"{{{name}.connectionString}}", processed);
        }
    }

    [Theory]
    [MemberData(nameof(ServiceAddresses))]
    public async Task Each_service_gets_the_addresses_of_the_services_it_calls(string service, string[] callees)
    {
        var given = await VariablesOf(service, callees.Select(c => $"services__{c}__http__0"));
        foreach (var callee in callees)
        {
            Assert.Equal($"{{{callee}.bindings.http.url}}", given[$"services__{callee}__http__0"].Processed);
        }
    }

    [Fact]
    public async Task The_names_given_are_those_the_native_launcher_and_CI_inject()
    {
        var infra = File.ReadAllText(Path.Combine(AppModel.RepositoryRoot, "scripts", "infra.sh"));
        var ci = File.ReadAllText(Path.Combine(AppModel.RepositoryRoot, ".github", "workflows", "ci.yml"));
        var runScript = File.ReadAllText(Path.Combine(AppModel.RepositoryRoot, "scripts", "run.sh"));
        // scripts/infra.sh prints every server's connection string; Elasticsearch only runs under the AppHost and in CI.
        var native = InfraConnectionString().Matches(infra).Select(m => m.Groups["name"].Value).ToHashSet();
        var launched = LauncherEntry().Matches(runScript).Select(m => m.Groups["name"].Value).ToHashSet();
        Assert.Contains("services__${name}__http__0=", runScript);

        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            foreach (var key in (await AppModel.EnvironmentOf(project)).Keys)
            {
                if (key.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
                {
                    var name = key["ConnectionStrings__".Length..];
                    Assert.True(native.Contains(name) || ci.Contains($"{key}:", StringComparison.Ordinal),
                        $"{project.Name} gets {key}, which neither scripts/infra.sh nor the CI workflow provides");
                }
                else if (ServiceAddress().Match(key) is { Success: true } address)
                {
                    Assert.Contains(address.Groups["name"].Value, launched);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Waits))]
    public void Each_service_waits_for_the_servers_it_connects_to(string service, string[] dependencies)
    {
        var waits = model.Get<ProjectResource>(service).Annotations.OfType<WaitAnnotation>().ToList();

        Assert.Equal(dependencies.Order(), waits.Select(w => w.Resource.Name).Order());
        Assert.All(waits, w => Assert.Equal(WaitType.WaitUntilHealthy, w.WaitType));
    }

    [Fact]
    public async Task Each_service_has_an_http_endpoint_checked_at_health()
    {
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            Assert.Contains(project.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http" && e.UriScheme == "http");
            Assert.Contains(project.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.Contains("_http_/health_200_", StringComparison.Ordinal));
            // DCP does not pass the AppHost's environment name on; the AppHost does.
            Assert.Equal(model.EnvironmentName, (await AppModel.EnvironmentOf(project))["ASPNETCORE_ENVIRONMENT"].Processed);
        }
    }

    [Fact]
    public async Task Search_runs_on_Elasticsearch_and_Replication_watches_Catalogs_SQLite_folder()
    {
        var search = await AppModel.EnvironmentOf(model.Get<ProjectResource>("search-api"));
        var catalog = await AppModel.EnvironmentOf(model.Get<ProjectResource>("catalog-api"));
        var replication = await AppModel.EnvironmentOf(model.Get<ProjectResource>("replication-api"));
        var admin = await AppModel.EnvironmentOf(model.Get<ProjectResource>("admin-api"));

        Assert.Equal("elasticsearch", search["Search__Engine"].Processed);
        var tenants = catalog["Catalog__Sqlite__DataDirectory"].Processed;
        Assert.Equal(Path.Combine(AppModel.RepositoryRoot, ".data", "tenants"), tenants);
        Assert.Equal(tenants, replication["Replication__WatchFolders__0"].Processed);
        Assert.Equal("platform-replicas", replication["Replication__Bucket"].Processed);
        Assert.Equal("superadmin-email", Assert.IsType<ParameterResource>(admin["Auth__SuperadminEmail"].Unprocessed).Name);
        Assert.True(Assert.IsType<ParameterResource>(admin["Auth__SuperadminPassword"].Unprocessed).Secret);
    }

    /// <summary>The service's variables of the kind (prefix) of <paramref name="expected"/>, which must be exactly those.</summary>
    private async Task<Dictionary<string, (object Unprocessed, string Processed)>> VariablesOf(string service, IEnumerable<string> expected)
    {
        var keys = expected.Order().ToList();
        var prefix = keys[0][..(keys[0].IndexOf("__", StringComparison.Ordinal) + 2)];
        var given = (await AppModel.EnvironmentOf(model.Get<ProjectResource>(service)))
            .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(keys, given.Keys.Order());
        return given;
    }

    [GeneratedRegex(@"""(?<name>[a-z-]+)\|(?<project>services/[^|""]+\.csproj)\|")]
    private static partial Regex LauncherEntry();

    [GeneratedRegex(@"^ConnectionStrings__(?<name>\w+)=", RegexOptions.Multiline)]
    private static partial Regex InfraConnectionString();

    [GeneratedRegex(@"^services__(?<name>[a-z-]+)__http__0$")]
    private static partial Regex ServiceAddress();
}
