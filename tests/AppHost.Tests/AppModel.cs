using Microsoft.Extensions.Logging.Abstractions;

namespace Platform.AppHost.Tests;

/// <summary>
/// The AppHost's application model, built by running its Program up to <c>Build()</c>: no container, process or
/// dashboard is started, so this needs no Docker. Built once per test class.
/// </summary>
public sealed class AppModel : IAsyncLifetime
{
    /// <summary>Given as configuration so the generated, user-secrets-persisted default is never produced.</summary>
    public const string ElasticsearchPassword = "TestPassword0123456789";

    private IDistributedApplicationTestingBuilder? _builder;

    public static string RepositoryRoot { get; } = Path.GetDirectoryName(Projects.AppHost.ProjectPath.TrimEnd('/', '\\'))!;

    public IResourceCollection Resources => _builder!.Resources;

    public string EnvironmentName => _builder!.Environment.EnvironmentName;

    public async Task InitializeAsync() => _builder = await Create();

    public async Task DisposeAsync()
    {
        if (_builder is not null)
        {
            await _builder.DisposeAsync();
        }
    }

    public static Task<IDistributedApplicationTestingBuilder> Create(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"Parameters:elasticsearch-password={ElasticsearchPassword}", .. args]);

    public T Get<T>(string name) where T : IResource =>
        Assert.IsAssignableFrom<T>(Assert.Single(Resources, r => r.Name == name));

    /// <summary>
    /// The environment a resource is given, evaluated as for publishing: each value is kept as the object the AppHost
    /// set (a connection string or endpoint reference, a parameter) beside its manifest expression, so nothing
    /// needs an allocated port or a generated secret.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, (object Unprocessed, string Processed)>> EnvironmentOf(IResource resource)
    {
        var result = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance);
        Assert.Null(result.Exception);
        return result.EnvironmentVariablesWithUnprocessed.ToDictionary(e => e.Key, e => e.Value);
    }
}
