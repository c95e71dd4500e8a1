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

    /// <summary>Keyset paging (Paging.ToKeysetPageAsync): an opaque token from a previous page.</summary>
    public static IRuleBuilderOptions<T, string> PageToken<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(Persistence.Paging.IsPageToken).WithMessage("Must be a next_page_token from a previous page.");
}
