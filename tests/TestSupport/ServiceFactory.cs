using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Platform.TestSupport;

/// <summary>
/// Hosts one service in memory with the settings a test gives it (connection strings and options). With
/// <c>PLATFORM_TEST_LOGS</c> set to a folder, each instance also writes its log to a file of its own there.
/// </summary>
public class ServiceFactory<TEntryPoint>(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (Environment.GetEnvironmentVariable("PLATFORM_TEST_LOGS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{typeof(TEntryPoint).Assembly.GetName().Name}-{Guid.NewGuid():N}.log");
            builder.ConfigureLogging(logging => logging.AddProvider(new FileLoggerProvider(file)));
        }
    }
}
