using System.Globalization;
using System.Net;
using System.Text;
using Platform.Catalog.Orders;

namespace Platform.Catalog.Files;

/// <summary>
/// An order's invoice as a self-contained HTML page (no PDF library is available to the platform): the shop, the order's
/// number, its items and total, and the date of confirmation. The same order always renders the same bytes.
/// </summary>
public static class InvoiceDocument
{
    public const string ContentType = "text/html; charset=utf-8";

    public static byte[] Render(Order order, DateTimeOffset confirmedAt)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Invoice for order #{{order.Number}}</title>
            <style>body{font-family:sans-serif;margin:2em} table{border-collapse:collapse} th,td{border:1px solid #999;padding:.3em .6em} td.n{text-align:right}</style>
            </head>
            <body>
            <h1>Invoice for order #{{order.Number}}</h1>
            <dl>
            <dt>Shop</dt><dd>{{order.TenantId:D}}</dd>
            <dt>Order</dt><dd>#{{order.Number}} ({{order.Id:D}})</dd>
            <dt>Placed</dt><dd>{{Date(order.PlacedAt)}}</dd>
            <dt>Confirmed</dt><dd>{{Date(confirmedAt)}}</dd>
            </dl>
            <table>
            <thead><tr><th>Item</th><th>Quantity</th><th>Unit price</th><th>Amount</th></tr></thead>
            <tbody>

            """);
        foreach (var item in order.Items)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{WebUtility.HtmlEncode(item.ProductName)}</td><td class=\"n\">{item.Quantity}</td>" +
                $"<td class=\"n\">{Money(item.UnitPriceCents, order.Currency)}</td><td class=\"n\">{Money(item.TotalCents, order.Currency)}</td></tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </tbody>
            <tfoot><tr><th colspan="3">Total</th><td class="n"><strong>{Money(order.TotalCents, order.Currency)}</strong></td></tr></tfoot>
            </table>
            </body>
            </html>

            """);
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    /// <summary>"BRL 1,234.50": the currency's code and the amount in units, whatever the server's culture.</summary>
    public static string Money(long cents, string currency) =>
        $"{WebUtility.HtmlEncode(currency)} {(cents / 100m).ToString("N2", CultureInfo.InvariantCulture)}";

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
