using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// The framework's scheme provider, answering the two questions the authentication middleware asks on every request
/// (which schemes handle requests themselves, which scheme authenticates by default) with the same completed tasks
/// until a scheme is added or removed; the framework's wraps the unchanged answer in a new task each time.
/// </summary>
internal sealed class CachedAuthenticationSchemeProvider(IOptions<AuthenticationOptions> options) : AuthenticationSchemeProvider(options)
{
    private readonly Lock gate = new();
    private Task<IEnumerable<AuthenticationScheme>>? requestHandlers;
    private Task<AuthenticationScheme?>? defaultAuthenticate;

    public override Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
    {
        if (Volatile.Read(ref requestHandlers) is { } cached)
        {
            return cached;
        }

        lock (gate)
        {
            return requestHandlers ??= base.GetRequestHandlerSchemesAsync();
        }
    }

    public override Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync()
    {
        if (Volatile.Read(ref defaultAuthenticate) is { } cached)
        {
            return cached;
        }

        lock (gate)
        {
            return defaultAuthenticate ??= base.GetDefaultAuthenticateSchemeAsync();
        }
    }

    // AddScheme adds through TryAddScheme.
    public override bool TryAddScheme(AuthenticationScheme scheme)
    {
        lock (gate)
        {
            var added = base.TryAddScheme(scheme);
            Forget();
            return added;
        }
    }

    public override void RemoveScheme(string name)
    {
        lock (gate)
        {
            base.RemoveScheme(name);
            Forget();
        }
    }

    private void Forget()
    {
        requestHandlers = null;
        defaultAuthenticate = null;
    }
}
