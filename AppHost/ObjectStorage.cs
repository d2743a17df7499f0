namespace Platform.AppHost;

/// <summary>
/// S3-compatible object storage run as a RustFS container. RustFS is chosen because it is actively
/// released (Apache-2.0), is configured by environment variables alone (no command line, no config
/// file) and keeps its data under one folder; MinIO no longer publishes community images, and
/// s3rver (the native launcher's choice) is a Node test double, not a server image.
/// </summary>
public sealed class ObjectStorageResource(string name, ParameterResource accessKey, ParameterResource secretKey)
    : ContainerResource(name), IResourceWithConnectionString
{
    internal const string HttpEndpointName = "http";

    private EndpointReference? _httpEndpoint;

    public EndpointReference HttpEndpoint => _httpEndpoint ??= new(this, HttpEndpointName);

    public ParameterResource AccessKey { get; } = accessKey;

    public ParameterResource SecretKey { get; } = secretKey;

    // Same shape as the native launcher writes for s3rver, so the services parse one format.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint=http://{HttpEndpoint.Property(EndpointProperty.HostAndPort)};AccessKey={AccessKey};SecretKey={SecretKey};Region=us-east-1");
}

public static class ObjectStorageBuilderExtensions
{
    // Pinned like the database images: a tag that is known to serve S3 on 9000, its console on 9001
    // and a GET /health probe.
    private const string Image = "rustfs/rustfs";
    private const string Tag = "1.0.0-beta.8";

    public static IResourceBuilder<ObjectStorageResource> AddObjectStorage(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<ParameterResource> accessKey,
        IResourceBuilder<ParameterResource> secretKey)
    {
        var storage = builder.AddResource(new ObjectStorageResource(name, accessKey.Resource, secretKey.Resource));

        return storage
            .WithImage(Image, Tag)
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(targetPort: 9000, name: ObjectStorageResource.HttpEndpointName)
            .WithHttpEndpoint(targetPort: 9001, name: "console")
            .WithEnvironment("RUSTFS_ACCESS_KEY", accessKey)
            .WithEnvironment("RUSTFS_SECRET_KEY", secretKey)
            .WithVolume(VolumeNameGenerator.Generate(storage, "data"), "/data")
            .WithHttpHealthCheck("/health", endpointName: ObjectStorageResource.HttpEndpointName);
    }
}
