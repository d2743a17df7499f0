namespace Platform.Admin.Plans;

public interface IPlanStore
{
    /// <summary>Adds the plan; false when another plan already has its name.</summary>
    Task<bool> AddAsync(Plan plan, CancellationToken cancellationToken);

    Task<Plan?> FindAsync(Guid planId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Plan>> ListAsync(CancellationToken cancellationToken);
}
