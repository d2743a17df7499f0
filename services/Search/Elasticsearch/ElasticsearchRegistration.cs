using Platform.Search.Indexing;
using Platform.Search.Querying;
using Platform.Search.Reindexing;

namespace Platform.Search.Elasticsearch;

public static class ElasticsearchRegistration
{
    /// <summary>A rebuild's <c>_reindex</c> waits for completion; the client waits that long.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The Elasticsearch engine behind <see cref="IProductIndex"/>, <see cref="IProductSearch"/> and
    /// <see cref="IIndexRebuild"/>, at <c>ConnectionStrings:elasticsearch</c> (checked at start).
    /// </summary>
    public static IHostApplicationBuilder AddElasticsearchEngine(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ElasticsearchClient.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{SearchServiceExtensions.EngineKey} is '{SearchServiceExtensions.ElasticsearchEngine}' but ConnectionStrings:{ElasticsearchClient.ConnectionStringName} is not set.");
        }

        // One client for the process (connections recycled for DNS changes); a malformed URL fails now, not at the first event.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = RequestTimeout };
        ElasticsearchClient.Configure(http, connectionString);
        builder.Services.AddSingleton(new ElasticsearchClient(http));
        builder.Services.AddSingleton<TenantIndices>();
        builder.Services.AddSingleton<ProductSignals>();
        builder.Services.AddSingleton<IProductIndex, ElasticsearchProductIndex>();
        builder.Services.AddSingleton<IProductSearch, ElasticsearchProductSearch>();
        builder.Services.AddSingleton<IIndexRebuild, ElasticsearchIndexRebuild>();
        return builder;
    }
}
