using System.Globalization;
using FluentValidation;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.Grpc;

/// <summary>Rules every service's validators share, with messages callers can act on.</summary>
public static class ValidationRules
{
    /// <summary>An optional month, YYYY-MM.</summary>
    public static IRuleBuilderOptions<T, string> OptionalMonth<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(value => value.Length == 0 || IsoDates.TryParseMonth(value, out _)).WithMessage("Must be a month in the form YYYY-MM.");

    /// <summary>A required UUID naming a record.</summary>
    public static IRuleBuilderOptions<T, string> RecordId<T>(this IRuleBuilder<T, string> rule, string what) =>
        rule.NotEmpty().Must(id => Guid.TryParse(id, out _)).WithMessage($"Must be {what} id (a UUID).");

    /// <summary>A required calendar date, YYYY-MM-DD.</summary>
    public static IRuleBuilderOptions<T, string> IsoDate<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(value => IsoDates.TryParseIsoDate(value, out _)).WithMessage("Must be a calendar date in the form YYYY-MM-DD.");

    /// <summary>Offset paging: the token is the offset of the next page.</summary>
    public static IRuleBuilderOptions<T, string> PageToken<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(token => token.Length == 0 || (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset >= 0))
            .WithMessage("Must be a next_page_token from a previous page.");
}
