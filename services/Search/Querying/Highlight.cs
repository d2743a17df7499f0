using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Platform.Search.Querying;

/// <summary>
/// Marked snippets made safe for HTML: the engine brackets matches with two private-use characters that cannot come
/// from a product's text in a meaningful way, then everything else is HTML-escaped and the brackets become
/// <c>&lt;mark&gt;</c> tags. A product named <c>&lt;script&gt;</c> stays text.
/// </summary>
public static class Highlight
{
    public const char Start = '\uE000';
    public const char Stop = '\uE001';

    // Letters of every script stay as they are (a shop's text is Portuguese); only what HTML gives meaning to is escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string ToHtml(string marked)
    {
        var html = new StringBuilder(marked.Length + 16);
        var open = false;
        foreach (var part in marked.Split([Start, Stop]))
        {
            html.Append(Encoder.Encode(part));
            html.Append(open ? "</mark>" : "<mark>");
            open = !open;
        }

        // Split yields one more part than separators: the last append added a tag no separator asked for.
        html.Length -= open ? "<mark>".Length : "</mark>".Length;
        return html.ToString();
    }
}
