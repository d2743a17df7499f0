using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Platform.ServiceDefaults.Http;

/// <summary>
/// A 200 whose body is <typeparamref name="T"/> already serialized to UTF-8 JSON, written as is: for hot reads whose
/// serialized form is kept with the cached value instead of being produced again per request. OpenAPI still describes
/// the response as <typeparamref name="T"/>.
/// </summary>
public sealed class JsonBody<T> : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public JsonBody(ReadOnlyMemory<byte> utf8Json) => Utf8Json = utf8Json;

    public ReadOnlyMemory<byte> Utf8Json { get; }

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => JsonContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = JsonContentType;
        response.ContentLength = Utf8Json.Length;
        var write = response.BodyWriter.WriteAsync(Utf8Json, httpContext.RequestAborted);
        if (!write.IsCompletedSuccessfully)
        {
            return write.AsTask();
        }

        // Usually written at once; taking the result (as awaiting would) spares a task per response.
        _ = write.Result;
        return Task.CompletedTask;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
