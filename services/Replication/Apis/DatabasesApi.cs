using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Replication.Configuration;
using Platform.Replication.Engine;
using Platform.Replication.Registry;
using Platform.ServiceDefaults.Http;

namespace Platform.Replication.Apis;

/// <summary>The control API, for the platform's operators only (role <c>superadmin</c>).</summary>
public static class DatabasesApi
{
    public const string OperatorRole = "superadmin";

    public static IEndpointRouteBuilder MapReplicationApi(this IEndpointRouteBuilder app)
    {
        var operators = app.MapGroup("/api").WithTags("Replication")
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(OperatorRole))
            .RequireRateLimiting(TenantRateLimits.Policy);
        operators.MapPost("/databases", Register).WithName("RegisterDatabase")
            .WithSummary("Start replicating a tenant database found in a watched folder ({tenant}.db or {tenant}/{name}.db)");
        operators.MapGet("/databases", List).WithName("ListDatabases").WithSummary("Every database replicated, with its state");
        operators.MapPut("/databases/{tenantId:guid}/{databaseName}/status", ChangeStatus).WithName("PauseOrResumeDatabase")
            .WithSummary("Pause or resume a database's replication ({\"status\":\"paused\"|\"replicating\"})");
        operators.MapDelete("/databases/{tenantId:guid}/{databaseName}", Remove).WithName("RemoveDatabase")
            .WithSummary("Stop replicating a database; its replicas stay for the retention period");
        operators.MapPost("/databases/{tenantId:guid}/{databaseName}/restore", Restore).WithName("RestoreDatabase")
            .WithSummary("Restore the latest state, or the state at a time, into the restore folder");
        operators.MapGet("/health/clients", Clients).WithName("ClientsHealth").WithSummary("Per tenant: databases, state, last sync, lag, errors");
        operators.MapGet("/health/clients/{tenantId:guid}", Client).WithName("ClientHealth").WithSummary("One tenant's databases");
        return app;
    }

    public static Results<Created<ReplicationStatus>, Ok<ReplicationStatus>, ValidationProblem, ProblemHttpResult> Register(
        RegisterDatabaseRequest request, DatabaseLocator locator, ReplicatedDatabases databases)
    {
        var name = request.DatabaseName ?? (request.TenantId is { } id ? DatabaseLocator.DefaultName(id) : null);
        if (Invalid(request.TenantId, name) is { } invalid)
        {
            return invalid;
        }

        if (locator.Locate(request.TenantId!.Value, name!) is not { } path)
        {
            return NotFound("No such database in the watched folders.");
        }

        return databases.Register(request.TenantId.Value, name!, path) switch
        {
            Registration.Registered registered => TypedResults.Created($"/api/databases/{request.TenantId}/{name}", registered.Status),
            Registration.AlreadyRegistered already => TypedResults.Ok(already.Status),
            Registration.LimitReached limit => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.PlanLimit,
                title: "Replication limit reached", detail: $"{limit.Key} is {limit.Limit}."),
            var other => throw new InvalidOperationException($"Unexpected registration {other}."),
        };
    }

    public static Ok<IReadOnlyList<ReplicationStatus>> List(ReplicatedDatabases databases) => TypedResults.Ok(databases.Statuses());

    public static Results<Ok<ReplicationStatus>, ValidationProblem, ProblemHttpResult> ChangeStatus(
        Guid tenantId, string databaseName, ChangeStatusRequest request, ReplicatedDatabases databases)
    {
        if (Invalid(tenantId, databaseName) is { } invalid)
        {
            return invalid;
        }

        if (databases.Find(tenantId, databaseName) is not { } replicator)
        {
            return NotFound("This database is not replicated.");
        }

        switch (request.Status?.ToLowerInvariant())
        {
            case "paused":
                replicator.Pause();
                break;
            case "replicating":
                replicator.Resume();
                break;
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["The status is paused or replicating."] },
                    type: ProblemTypes.Validation);
        }

        return TypedResults.Ok(replicator.GetStatus());
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Remove(
        Guid tenantId, string databaseName, ReplicatedDatabases databases, CancellationToken cancellationToken)
    {
        if (Invalid(tenantId, databaseName) is { } invalid)
        {
            return invalid;
        }

        return await databases.RemoveAsync(tenantId, databaseName, cancellationToken) ? TypedResults.NoContent() : NotFound("This database is not replicated.");
    }

    public static async Task<Results<Ok<RestoreResult>, ValidationProblem, ProblemHttpResult>> Restore(
        Guid tenantId, string databaseName, RestoreDatabaseRequest? request, ReplicatedDatabases databases, ReplicationOptions options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Invalid(tenantId, databaseName) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(options.RestoreFolder))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict,
                title: "No restore folder is configured (Replication:RestoreFolder); use the restore command instead");
        }

        // The output is named by the service, inside its restore folder: a client never chooses a path.
        var output = Path.Combine(Path.GetFullPath(options.RestoreFolder), tenantId.ToString("D"),
            $"{databaseName}-{clock.GetUtcNow():yyyyMMddTHHmmssfff}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        try
        {
            var restorer = new DatabaseRestorer(databases.Targets.Open(tenantId));
            return TypedResults.Ok(await restorer.RestoreAsync(new RestoreRequest(databaseName, output, Timestamp: request?.Timestamp), cancellationToken));
        }
        catch (RestoreException exception)
        {
            return NotFound(exception.Message);
        }
    }

    public static Ok<IReadOnlyList<TenantHealth>> Clients(ReplicatedDatabases databases) =>
        TypedResults.Ok<IReadOnlyList<TenantHealth>>([.. databases.Statuses().GroupBy(status => status.TenantId).Select(TenantHealth.From)]);

    public static Results<Ok<TenantHealth>, ProblemHttpResult> Client(Guid tenantId, ReplicatedDatabases databases) =>
        databases.Statuses(tenantId) is { Count: > 0 } statuses
            ? TypedResults.Ok(TenantHealth.From(statuses.GroupBy(status => status.TenantId).Single()))
            : NotFound("No database of this tenant is replicated.");

    private static ValidationProblem? Invalid(Guid? tenantId, string? databaseName)
    {
        var errors = new Dictionary<string, string[]>();
        if (tenantId is null || tenantId == Guid.Empty)
        {
            errors["tenantId"] = ["A tenant id (a non-empty GUID) is required."];
        }

        if (!DatabaseLocator.IsValidName(databaseName))
        {
            errors["databaseName"] = ["A database name is 1 to 64 letters, digits, '-' or '_', starting with a letter or digit."];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors, title: "The database is not named validly.", type: ProblemTypes.Validation) : null;
    }

    private static ProblemHttpResult NotFound(string title) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: title);
}

public sealed record RegisterDatabaseRequest(Guid? TenantId, string? DatabaseName);

public sealed record ChangeStatusRequest(string? Status);

public sealed record RestoreDatabaseRequest(DateTimeOffset? Timestamp);

/// <summary>One tenant's replication at a glance: its worst lag, errors, and each database's status.</summary>
public sealed record TenantHealth(Guid TenantId, int Databases, TimeSpan MaxLag, long SyncErrors, DateTimeOffset? LastSyncAt, IReadOnlyList<ReplicationStatus> Statuses)
{
    public static TenantHealth From(IGrouping<Guid, ReplicationStatus> tenant) => new(
        tenant.Key,
        tenant.Count(),
        tenant.Max(status => status.Lag),
        tenant.Sum(status => status.SyncErrors),
        tenant.Max(status => status.LastSyncAt),
        [.. tenant]);
}
