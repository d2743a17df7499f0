using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Auth;

/// <summary>
/// Puts a shortcut in front of a framework service: the shortcut becomes the service everyone resolves (a singleton),
/// and the framework's registration stays, under <see cref="FrameworkKey"/> and with its own lifetime, for whatever the
/// shortcut hands on.
/// </summary>
internal static class FrameworkShortcuts
{
    public const string FrameworkKey = "framework";

    /// <returns>False if the shortcut was already in front.</returns>
    public static bool PutInFront<TService, TShortcut>(IServiceCollection services)
        where TService : class
        where TShortcut : class, TService
    {
        var framework = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(TService) && !descriptor.IsKeyedService)
            ?? throw new InvalidOperationException($"Register the framework's {typeof(TService).Name} before {typeof(TShortcut).Name}.");
        if (framework.ImplementationType == typeof(TShortcut))
        {
            return false;
        }

        if (framework.ImplementationType is null)
        {
            throw new InvalidOperationException($"The registered {typeof(TService).Name} is not a plain type; {typeof(TShortcut).Name} cannot hand on to it.");
        }

        services.Remove(framework);
        services.Add(new ServiceDescriptor(typeof(TService), FrameworkKey, framework.ImplementationType, framework.Lifetime));
        services.AddSingleton<TService, TShortcut>();
        return true;
    }
}
