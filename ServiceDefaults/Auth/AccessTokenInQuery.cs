using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// Endpoint metadata: the endpoint also takes its bearer token from the <c>access_token</c> query parameter. Only for
/// streams a browser opens with <c>EventSource</c>, which cannot send an Authorization header. A token in a URL can end up
/// in proxy and access logs; access tokens live ten minutes, and no other endpoint accepts one there.
/// </summary>
public sealed class AccessTokenInQuery
{
    public const string Parameter = "access_token";

    public static readonly AccessTokenInQuery Instance = new();

    private AccessTokenInQuery()
    {
    }

    /// <summary>The bearer handler's hook: takes the query's token when the endpoint allows it and no header carries one.</summary>
    internal static Task TakeFromQueryWhereAllowed(MessageReceivedContext context)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<AccessTokenInQuery>() is not null &&
            string.IsNullOrEmpty(http.Request.Headers.Authorization) &&
            http.Request.Query.TryGetValue(Parameter, out var token) && token.Count == 1 && !string.IsNullOrEmpty(token[0]))
        {
            context.Token = token[0];
        }

        return Task.CompletedTask;
    }
}
