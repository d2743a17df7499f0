using Microsoft.Extensions.Options;
using Platform.Admin.Accounts;

namespace Platform.Admin.Dashboard;

public sealed record DashboardRow(Account Account, ShopFigures? Figures, FiguresStatus FiguresStatus);

public sealed record DashboardPage(IReadOnlyList<DashboardRow> Rows, long Total, int PageNumber, int PageSize)
{
    public bool Partial => Rows.Any(row => row.FiguresStatus != FiguresStatus.Ok);
}

/// <summary>
/// The operators' dashboard: one page of accounts joined with each shop's figures from Catalog, fetched concurrently
/// with a timeout per shop. A slow or failing shop costs at most the timeout and is marked; the page still answers.
/// </summary>
public sealed class DashboardService(
    IAccountStore accounts,
    ICatalogFigures catalog,
    IOptions<DashboardOptions> options,
    ILogger<DashboardService> logger)
{
    public async Task<DashboardPage> BuildAsync(AccountFilter filter, string accessToken, CancellationToken cancellationToken)
    {
        var page = await accounts.ListAsync(filter, cancellationToken);
        var rows = new DashboardRow[page.Items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, page.Items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
            async (index, token) => rows[index] = await RowAsync(page.Items[index], accessToken, token));
        return new DashboardPage(rows, page.Total, page.PageNumber, page.PageSize);
    }

    private async Task<DashboardRow> RowAsync(Account account, string accessToken, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.FiguresTimeout);
        try
        {
            var figures = await catalog.GetAsync(account.Id, accessToken, timeout.Token);
            return new DashboardRow(account, figures, figures is null ? FiguresStatus.NotProvisioned : FiguresStatus.Ok);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Catalog's figures of account {AccountId} took longer than {Timeout}", account.Id, options.Value.FiguresTimeout);
            return new DashboardRow(account, null, FiguresStatus.Timeout);
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Text.Json.JsonException)
        {
            logger.LogWarning(exception, "Catalog's figures of account {AccountId} are unavailable", account.Id);
            return new DashboardRow(account, null, FiguresStatus.Unavailable);
        }
    }
}
