using System.Globalization;
using System.Text;
using Google.Api;
using Google.Protobuf;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Reports;

/// <summary>
/// section,figure,value,suppressed rows, quoted where needed (RFC 4180). Text is neutralised
/// against formula injection: a cell a spreadsheet would read as a formula (one beginning with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) gets a leading <c>'</c>, as
/// OWASP advises. Numbers the writer formats itself (<see cref="Figure"/>, counts, rates) are
/// written as they are, so a negative mean difference stays the number <c>-3.5</c>.
/// </summary>
internal sealed class CsvWriter
{
    private readonly StringBuilder text = new("section,figure,value,suppressed\r\n");

    /// <summary>A row whose value is text (a date, an id, a source, a caption): neutralised like the section and figure.</summary>
    public void Row(string section, string figure, string value, bool suppressed = false) =>
        Append(section, figure, Neutralise(value), suppressed);

    /// <summary>A row whose value is a number, formatted here (empty when there is none to show).</summary>
    public void Figure(string section, string figure, double? value, bool suppressed = false) =>
        Append(section, figure, value is { } number ? Number(number) : "", suppressed);

    // Message fields left unset are null: they print as zero, not suppressed.
    public void Count(string section, string figure, C.Count? count) =>
        Figure(section, figure, count?.Suppressed == true ? null : count?.Value ?? 0, count?.Suppressed == true);

    /// <param name="withheld">The rate is withheld for another reason than its own counts (bed days' derived figures).</param>
    public void Rate(string section, string figure, C.Rate? rate, bool withheld = false)
    {
        rate ??= new C.Rate();
        Figure(section, figure, rate.Computable ? rate.Value : null, withheld || rate.Numerator?.Suppressed == true || rate.Denominator?.Suppressed == true);
        Count(section, figure + "_numerator", rate.Numerator);
        Count(section, figure + "_denominator", rate.Denominator);
    }

    public void Difference(string section, C.MeanDifference? difference)
    {
        difference ??= new C.MeanDifference();
        Count(section, "pairs", difference.Pairs);
        foreach (var (figure, value) in new[] { ("mean", difference.Mean), ("ci_lower", difference.CiLower), ("ci_upper", difference.CiUpper) })
        {
            Figure(section, figure, difference.Computable ? value : null, difference.Pairs?.Suppressed == true);
        }
    }

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public HttpBody ToHttpBody() => new() { ContentType = "text/csv; charset=utf-8", Data = ByteString.CopyFromUtf8(text.ToString()) };

    /// <summary>Text a spreadsheet would take for a formula, made plain text with a leading quote.</summary>
    internal static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private void Append(string section, string figure, string value, bool suppressed) =>
        text.Append(Quote(Neutralise(section))).Append(',').Append(Quote(Neutralise(figure))).Append(',').Append(Quote(value)).Append(',')
            .Append(suppressed ? "true" : "false").Append("\r\n");

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
}
