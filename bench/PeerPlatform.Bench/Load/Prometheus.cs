using System.Globalization;

namespace PeerPlatform.Bench.Load;

/// <summary>Reads a service's Prometheus endpoint.</summary>
public static class Prometheus
{
    /// <summary>
    /// The sum over every series whose name starts with <paramref name="prefix"/> and ends with
    /// <paramref name="suffix"/> (exporters add unit and "_total" suffixes), all label sets; null
    /// when there is none.
    /// </summary>
    public static async Task<double?> SumAsync(HttpClient http, Uri endpoint, string prefix, string suffix = "")
    {
        var text = await http.GetStringAsync(endpoint);
        // name{labels} value [timestamp], or name value [timestamp]
        var values = text.Split('\n')
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal))
            .Select(line => (Name: line[..line.IndexOfAny(['{', ' '])], Line: line))
            .Where(series => series.Name.EndsWith(suffix, StringComparison.Ordinal))
            .Select(series =>
            {
                var valueAt = series.Line.IndexOf('}') is var brace and >= 0 ? brace + 1 : series.Line.IndexOf(' ');
                return double.Parse(series.Line[valueAt..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            })
            .ToList();
        return values.Count == 0 ? null : values.Sum();
    }
}
