namespace Platform.AppHost.Tests;

/// <summary>The backing servers: the Elasticsearch container and its connection string, and Admin's own database.</summary>
public sealed class ResourceTests(AppModel model) : IClassFixture<AppModel>
{
    [Fact]
    public async Task Elasticsearch_is_one_secured_node_serving_http_on_9200()
    {
        var server = model.Get<ContainerResource>("elasticsearch-server");

        var image = Assert.Single(server.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(("docker.io", "library/elasticsearch"), (image.Registry, image.Image));
        // The version the CI workflow's Elasticsearch service container runs the tests against.
        Assert.Contains($"image: elasticsearch:{image.Tag}", File.ReadAllText(Path.Combine(AppModel.RepositoryRoot, ".github", "workflows", "ci.yml")));

        var http = Assert.Single(server.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", "http", 9200), (http.Name, http.UriScheme, http.TargetPort));

        var environment = await AppModel.EnvironmentOf(server);
        Assert.Equal("single-node", environment["discovery.type"].Processed);
        Assert.Equal("true", environment["xpack.security.enabled"].Processed);
        Assert.Equal("elasticsearch-password", Assert.IsType<ParameterResource>(environment["ELASTIC_PASSWORD"].Unprocessed).Name);

        Assert.Contains(server.Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == "/usr/share/elasticsearch/data" && m.Type == ContainerMountType.Volume);
        Assert.Contains(server.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.EndsWith("_http_/_401_check", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_elasticsearch_connection_string_is_the_URL_with_the_elastic_users_password()
    {
        var server = model.Get<ContainerResource>("elasticsearch-server");
        var connection = model.Get<IResourceWithConnectionString>("elasticsearch");

        Assert.Equal(
            "http://elastic:{elasticsearch-password.value}@{elasticsearch-server.bindings.http.host}:{elasticsearch-server.bindings.http.port}",
            connection.ConnectionStringExpression.ValueExpression);

        // As DCP would once the container's port is allocated: the value Search's ElasticsearchClient.Configure parses.
        var http = Assert.Single(server.Annotations.OfType<EndpointAnnotation>());
        http.AllocatedEndpoint = new AllocatedEndpoint(http, "localhost", 49200);
        var url = new Uri(Assert.IsType<string>(await connection.GetConnectionStringAsync()));
        Assert.Equal(("http", $"elastic:{AppModel.ElasticsearchPassword}", "localhost", 49200), (url.Scheme, url.UserInfo, url.Host, url.Port));
    }

    [Fact]
    public void In_run_mode_Admin_has_a_PostgreSQL_server_of_its_own()
    {
        var admin = model.Get<PostgresDatabaseResource>("admindb");
        var catalog = model.Get<PostgresDatabaseResource>("catalogdb");
        var search = model.Get<PostgresDatabaseResource>("searchdb");

        Assert.Equal("admin-postgres", admin.Parent.Name);
        Assert.Equal("postgres", catalog.Parent.Name);
        Assert.Equal("postgres", search.Parent.Name);
    }

    [Fact]
    public async Task In_publish_mode_Admin_is_given_only_a_connection_string_for_Neon()
    {
        await using var publishing = await AppModel.Create("--operation", "publish");

        var admin = Assert.Single(publishing.Resources, r => r.Name == "admindb");
        Assert.IsNotType<PostgresDatabaseResource>(admin);
        Assert.IsAssignableFrom<IResourceWithConnectionString>(admin);
        Assert.DoesNotContain(publishing.Resources, r => r.Name == "admin-postgres");
    }
}
