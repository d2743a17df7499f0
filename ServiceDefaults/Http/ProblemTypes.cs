namespace Platform.ServiceDefaults.Http;

/// <summary>Stable problem <c>type</c> URIs; clients switch on these, so they never change once shipped.</summary>
public static class ProblemTypes
{
    private const string Base = "https://problems.platform.dev/";

    public const string Validation = Base + "validation";
    public const string BadRequest = Base + "bad-request";
    public const string TenantRequired = Base + "tenant-required";
    public const string TenantNotProvisioned = Base + "tenant-not-provisioned";
    public const string TenantSuspended = Base + "tenant-suspended";
    public const string TenantCancelled = Base + "tenant-cancelled";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string Conflict = Base + "conflict";
    public const string Forbidden = Base + "forbidden";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string Unauthorized = Base + "unauthorized";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string PlanLimit = Base + "plan-limit";
    public const string InsufficientStock = Base + "insufficient-stock";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string AccountLocked = Base + "account-locked";
    public const string TooManyRequests = Base + "too-many-requests";
    public const string Unexpected = Base + "unexpected";
}
