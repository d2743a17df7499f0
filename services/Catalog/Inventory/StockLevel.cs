namespace Platform.Catalog.Inventory;

/// <summary>A product's stock: what can still be ordered, what open orders hold, and when it falls low.</summary>
public sealed record StockLevel(Guid ProductId, int Available, int Reserved, int LowStockThreshold, DateTimeOffset? LastRestockedAt)
{
    public const int MaxRestock = 1_000_000;

    public bool IsLow => Available <= LowStockThreshold;
}
