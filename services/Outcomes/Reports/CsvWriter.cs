using System.Globalization;
using System.Text;
using Google.Api;
using Google.Protobuf;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>section,figure,value,suppressed rows, quoted where needed (RFC 4180).</summary>
internal sealed class CsvWriter
{
    private readonly StringBuilder text = new("section,figure,value,suppressed\r\n");

    public void Row(string section, string figure, string value, bool suppressed = false) =>
        text.Append(Quote(section)).Append(',').Append(Quote(figure)).Append(',').Append(Quote(value)).Append(',').Append(suppressed ? "true" : "false").Append("\r\n");

    // Message fields left unset are null: they print as zero, not suppressed.
    public void Count(string section, string figure, C.Count? count) =>
        Row(section, figure, count?.Suppressed == true ? "" : (count?.Value ?? 0).ToString(CultureInfo.InvariantCulture), count?.Suppressed == true);

    /// <param name="withheld">The rate is withheld for another reason than its own counts (bed days' derived figures).</param>
    public void Rate(string section, string figure, C.Rate? rate, bool withheld = false)
    {
        rate ??= new C.Rate();
        Row(section, figure, rate.Computable ? Number(rate.Value) : "", withheld || rate.Numerator?.Suppressed == true || rate.Denominator?.Suppressed == true);
        Count(section, figure + "_numerator", rate.Numerator);
        Count(section, figure + "_denominator", rate.Denominator);
    }

    public void Difference(string section, C.MeanDifference? difference)
    {
        difference ??= new C.MeanDifference();
        Count(section, "pairs", difference.Pairs);
        foreach (var (figure, value) in new[] { ("mean", difference.Mean), ("ci_lower", difference.CiLower), ("ci_upper", difference.CiUpper) })
        {
            Row(section, figure, difference.Computable ? Number(value) : "", difference.Pairs?.Suppressed == true);
        }
    }

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public HttpBody ToHttpBody() => new() { ContentType = "text/csv; charset=utf-8", Data = ByteString.CopyFromUtf8(text.ToString()) };

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
}
