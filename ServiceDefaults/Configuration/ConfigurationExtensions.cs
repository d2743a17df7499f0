using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults.Configuration;

public static class ConfigurationExtensions
{
    /// <summary>
    /// Reads <c>ConnectionStrings:{name}</c> and fails at start with the variable to set when it is absent,
    /// so a misconfigured service never starts half-working.
    /// </summary>
    public static string GetRequiredConnectionString(this IConfiguration configuration, string name)
    {
        var value = configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new MissingConfigurationException(
                $"Connection string '{name}' is missing. Set the environment variable ConnectionStrings__{name} " +
                $"(the AppHost and scripts/infra.sh both provide it).");
        }

        return value;
    }
}

public sealed class MissingConfigurationException(string message) : InvalidOperationException(message);
