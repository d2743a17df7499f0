using Platform.Replication;
using Platform.Replication.Apis;
using Platform.Replication.Configuration;
using Platform.Replication.Registry;
using Platform.ServiceDefaults;

if (args.Length > 0 && args[0] == RestoreCommand.Verb)
{
    var configurationBuilder = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables();
    if (configurationBuilder.Build().ReplicationFilePath(args) is { } file)
    {
        configurationBuilder.AddReplicationFile(file);
    }

    var configuration = configurationBuilder.Build();
    return await RestoreCommand.RunAsync(args, configuration, Console.Out, CancellationToken.None);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddReplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
// After the authorization of MapDefaultEndpoints: only an operator's requests count against a tenant's budget.
app.UseRateLimiter();
app.MapReplicationApi();
// Created eagerly: its instruments exist from the start, not from the first time something asks for them.
app.Services.GetRequiredService<ReplicationMetrics>();
await app.RunAsync();
return 0;

public partial class Program;
