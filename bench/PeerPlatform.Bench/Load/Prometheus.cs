using System.Globalization;

namespace PeerPlatform.Bench.Load;

/// <summary>Reads a service's Prometheus endpoint.</summary>
public static class Prometheus
{
    /// <summary>The sum over every series of <paramref name="metric"/> (all label sets); null when there is none.</summary>
    public static async Task<double?> SumAsync(HttpClient http, Uri endpoint, string metric)
    {
        var text = await http.GetStringAsync(endpoint);
        // name{labels} value [timestamp], or name value [timestamp]
        var values = text.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is '{' or ' ')
            .Select(line =>
            {
                var valueAt = line.IndexOf('}') is var brace and >= 0 ? brace + 1 : line.IndexOf(' ');
                return double.Parse(line[valueAt..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            })
            .ToList();
        return values.Count == 0 ? null : values.Sum();
    }
}
