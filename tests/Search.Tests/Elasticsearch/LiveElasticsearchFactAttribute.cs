namespace Platform.Search.Tests.Elasticsearch;

/// <summary>A test against a real Elasticsearch at <c>ConnectionStrings__elasticsearch</c>; skipped where none is configured.</summary>
public sealed class LiveElasticsearchFactAttribute : FactAttribute
{
    public const string Variable = "ConnectionStrings__elasticsearch";

    public LiveElasticsearchFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"{Variable} is not set; set it to an Elasticsearch 8 URL (http://localhost:9200, CI's service) to run the live engine tests.";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
