using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Replication.Configuration;

/// <summary>Durations as the YAML file writes them (<c>168h</c>, <c>30m</c>, <c>1s</c>, <c>500ms</c>, <c>1h30m</c>) or as .NET TimeSpan text.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"\G(?<amount>\d+(\.\d+)?)(?<unit>ms|h|m|s|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration))
        {
            return true;
        }

        var total = TimeSpan.Zero;
        var position = 0;
        foreach (Match match in Part().Matches(text))
        {
            if (match.Index != position)
            {
                break;
            }

            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            try
            {
                total += match.Groups["unit"].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    "h" => TimeSpan.FromHours(amount),
                    _ => TimeSpan.FromDays(amount),
                };
            }
            catch (OverflowException)
            {
                return false;
            }

            position += match.Length;
        }

        if (position == 0 || position != text.Length)
        {
            return false;
        }

        duration = total;
        return true;
    }
}
