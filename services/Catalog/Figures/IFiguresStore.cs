namespace Platform.Catalog.Figures;

public interface IFiguresStore
{
    Task<TenantFigures> ReadAsync(CancellationToken cancellationToken);
}
