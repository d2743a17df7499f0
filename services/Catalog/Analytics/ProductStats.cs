namespace Platform.Catalog.Analytics;

public sealed record ProductDay(DateOnly Day, long Views, long Orders, long UnitsSold);

/// <summary>A product's figures over a period: per day, and in total.</summary>
public sealed record ProductStats(Guid ProductId, DateOnly From, DateOnly To, IReadOnlyList<ProductDay> Days)
{
    public long Views => Days.Sum(day => day.Views);

    public long Orders => Days.Sum(day => day.Orders);

    public long UnitsSold => Days.Sum(day => day.UnitsSold);

    public const int MaxDays = 366;
}
