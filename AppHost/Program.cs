using Platform.AppHost;

// Resource names are the connection names the services read (ConnectionStrings__<name>); the native
// launcher (scripts/infra.sh) injects the very same names, so neither side may rename one alone.
var builder = DistributedApplication.CreateBuilder(args);

// The official postgres image ships the contrib modules (unaccent, pg_trgm) the search migrations enable.
var postgres = builder.AddPostgres("postgres")
    .WithDataVolume()
    .WithLifetime(ContainerLifetime.Persistent);
var catalogDb = postgres.AddDatabase("catalogdb");
var searchDb = postgres.AddDatabase("searchdb");

// Admin's data lives on Neon: publish mode only names the connection string, run mode stands in with a
// server of its own so Admin never shares connections or state with the services' database.
IResourceBuilder<IResourceWithConnectionString> adminDb = builder.ExecutionContext.IsPublishMode
    ? builder.AddConnectionString("admindb")
    : builder.AddPostgres("admin-postgres")
        .WithDataVolume()
        .WithLifetime(ContainerLifetime.Persistent)
        .AddDatabase("admindb");

#pragma warning disable ASPIRECERTIFICATES001 // still experimental in 13.6
// Plain TCP as on the native setup: Aspire would otherwise switch Redis to TLS whenever a dev
// certificate is trusted, and the services' StackExchange.Redis 1.2.6 should not depend on that.
var redis = builder.AddRedis("redis").WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001

var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin();

// Elasticsearch as a plain container (no hosting package for it is served): one node, security on, the elastic
// user's password generated without symbols because it ends up inside the URL the services receive.
var elasticsearchPassword = GeneratedSecret("elasticsearch-password");
var elasticsearchServer = builder.AddContainer("elasticsearch-server", "library/elasticsearch", "8.17.3");
elasticsearchServer
    .WithImageRegistry("docker.io")
    .WithHttpEndpoint(targetPort: 9200, name: "http")
    .WithEnvironment("discovery.type", "single-node")
    .WithEnvironment("xpack.security.enabled", "true")
    .WithEnvironment("ELASTIC_PASSWORD", elasticsearchPassword)
    .WithEnvironment("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
    .WithVolume(VolumeNameGenerator.Generate(elasticsearchServer, "data"), "/usr/share/elasticsearch/data")
    // Security answers an anonymous request with 401 only once the node serves HTTP.
    .WithHttpHealthCheck("/", statusCode: 401, endpointName: "http");
// The URL the removed AddElasticsearch gave and Search's client parses (user:password@ becomes Basic auth); CI's is the
// same URL without credentials, the native launcher runs no Elasticsearch.
var elasticsearch = builder.AddConnectionString("elasticsearch", ReferenceExpression.Create(
    $"http://elastic:{elasticsearchPassword}@{elasticsearchServer.GetEndpoint("http").Property(EndpointProperty.HostAndPort)}"));

var objectStorage = builder.AddObjectStorage(
    "objectstorage",
    GeneratedSecret("objectstorage-access-key"),
    GeneratedSecret("objectstorage-secret-key"));

// Admin issues the tokens every other service validates against its JWKS: a reference gives each of them
// services__admin-api__http__0, their token authority. The first platform operator is created on Admin's first start.
var adminApi = AddService<Projects.Admin_Api>("admin-api")
    .WithReference(adminDb).WaitFor(adminDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithEnvironment("Auth__SuperadminEmail", builder.AddParameter("superadmin-email", "admin@platform.local"))
    .WithEnvironment("Auth__SuperadminPassword", GeneratedSecret("superadmin-password"));

// Catalog keeps its SQLite shops in this folder and Replication watches it: both processes run on this host.
var tenantFiles = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data", "tenants"));

var catalogApi = AddService<Projects.Catalog_Api>("catalog-api")
    .WithExternalHttpEndpoints()
    .WithEnvironment("Catalog__Sqlite__DataDirectory", tenantFiles)
    .WithReference(adminApi)
    .WithReference(catalogDb).WaitFor(catalogDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(redis).WaitFor(redis)
    .WithReference(objectStorage).WaitFor(objectStorage);

// Search reads Catalog's product list over HTTP when it rebuilds a shop's index (services__catalog-api__http__0).
AddService<Projects.Search_Api>("search-api")
    .WithExternalHttpEndpoints()
    .WithReference(adminApi)
    .WithReference(catalogApi)
    .WithReference(searchDb).WaitFor(searchDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(elasticsearch).WaitFor(elasticsearchServer)
    // The orchestrated platform searches with Elasticsearch, the production engine; the native launcher keeps the
    // embedded PostgreSQL engine (ConnectionStrings__elasticsearch is the URL with the elastic user's password).
    .WithEnvironment("Search__Engine", "elasticsearch");

AddService<Projects.Replication_Api>("replication-api")
    .WithReference(adminApi)
    .WithReference(objectStorage).WaitFor(objectStorage)
    .WithReference(messaging).WaitFor(messaging)
    .WithEnvironment("Replication__WatchFolders__0", tenantFiles)
    .WithEnvironment("Replication__Bucket", "platform-replicas")
    .WithEnvironment("Replication__RestoreFolder", Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data", "restores")));

// The admin dashboard calls Catalog over HTTP (services__catalog-api__http__0). References only, no WaitFor:
// the two refer to each other.
adminApi.WithReference(catalogApi);

builder.Build().Run();

// Generated once, then kept in user secrets, so persistent volumes and the services keep agreeing on it.
// Letters and digits only: these values are embedded in URLs and key=value connection strings.
IResourceBuilder<ParameterResource> GeneratedSecret(string name) =>
    builder.AddParameter(name, new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);

// The services carry no launchSettings.json (the native launcher passes ASPNETCORE_URLS), so a project
// gets its "http" endpoint here unless a launch profile or Kestrel configuration already declared one.
// DCP does not pass the AppHost's environment name on, hence ASPNETCORE_ENVIRONMENT in run mode.
IResourceBuilder<ProjectResource> AddService<TProject>(string name) where TProject : IProjectMetadata, new()
{
    var project = builder.AddProject<TProject>(name);

    if (!project.Resource.Annotations.OfType<EndpointAnnotation>()
            .Any(e => string.Equals(e.Name, "http", StringComparison.OrdinalIgnoreCase)))
    {
        project.WithHttpEndpoint();
    }

    if (builder.ExecutionContext.IsRunMode)
    {
        project.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
    }

    return project.WithHttpHealthCheck("/health");
}
