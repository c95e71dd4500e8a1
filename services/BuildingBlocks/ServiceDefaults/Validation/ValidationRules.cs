using System.Globalization;
using FluentValidation;

namespace PeerPlatform.ServiceDefaults.Validation;

/// <summary>Rules every service's validators share, with messages callers can act on.</summary>
public static class ValidationRules
{
    public static bool TryParseIsoDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static DateOnly ParseIsoDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ToIsoDate(this DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ToIsoDate(this DateOnly? date) => date?.ToIsoDate() ?? "";

    /// <summary>A calendar month, YYYY-MM, as its first day.</summary>
    public static bool TryParseMonth(string? value, out DateOnly firstDay)
    {
        var parsed = DateTime.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month);
        firstDay = parsed ? DateOnly.FromDateTime(month) : default;
        return parsed;
    }

    /// <summary>An optional month, YYYY-MM.</summary>
    public static IRuleBuilderOptions<T, string> OptionalMonth<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(value => value.Length == 0 || TryParseMonth(value, out _)).WithMessage("Must be a month in the form YYYY-MM.");

    /// <summary>A required UUID naming a record.</summary>
    public static IRuleBuilderOptions<T, string> RecordId<T>(this IRuleBuilder<T, string> rule, string what) =>
        rule.NotEmpty().Must(id => Guid.TryParse(id, out _)).WithMessage($"Must be {what} id (a UUID).");

    /// <summary>A required calendar date, YYYY-MM-DD.</summary>
    public static IRuleBuilderOptions<T, string> IsoDate<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(value => TryParseIsoDate(value, out _)).WithMessage("Must be a calendar date in the form YYYY-MM-DD.");

    /// <summary>Offset paging: the token is the offset of the next page.</summary>
    public static IRuleBuilderOptions<T, string> PageToken<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(token => token.Length == 0 || (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset >= 0))
            .WithMessage("Must be a next_page_token from a previous page.");

}

public static class Paging
{
    /// <summary>
    /// One page of an ordered query (offset paging: the token is the next offset), validated by
    /// <see cref="ValidationRules.PageToken{T}"/>; the next token is empty on the last page.
    /// </summary>
    public static async Task<(List<T> Items, string NextPageToken)> ToPageAsync<T>(
        this IQueryable<T> ordered, string pageToken, int pageSize, CancellationToken cancellationToken, int defaultSize = 50)
    {
        var offset = pageToken.Length == 0 ? 0 : int.Parse(pageToken, CultureInfo.InvariantCulture);
        var size = pageSize > 0 ? pageSize : defaultSize;
        var items = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(ordered.Skip(offset).Take(size + 1), cancellationToken);
        var next = items.Count > size ? (offset + size).ToString(CultureInfo.InvariantCulture) : "";
        return (items.Take(size).ToList(), next);
    }
}
