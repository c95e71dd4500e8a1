using FluentValidation;
using Google.Protobuf.WellKnownTypes;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Audit.V1;
using PeerPlatform.Identity.Data;

namespace PeerPlatform.Identity.People;

/// <summary>
/// GET /api/identity/audit-records: Identity's audit trail (changes to people and lists of them),
/// for administrators, with the same filters and paging as the four services' trails.
/// </summary>
internal sealed class ListAuditRecords(AuditQuery<IdentityDbContext> query, IValidator<ListAuditRecordsRequest> validator)
{
    public async Task<IResult> HandleAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var request = new ListAuditRecordsRequest
        {
            RecordType = http.Query["recordType"].ToString(),
            RecordId = http.Query["recordId"].ToString(),
            ClientId = http.Query["clientId"].ToString(),
            PersonId = http.Query["personId"].ToString(),
        };
        var violations = new List<(string, string)>();
        if (http.Query["pageSize"].ToString() is { Length: > 0 } size)
        {
            if (int.TryParse(size, out var pageSize)) { request.PageSize = pageSize; } else { violations.Add(("page_size", "Must be a number.")); }
        }

        if (http.Query["beforeId"].ToString() is { Length: > 0 } before)
        {
            if (long.TryParse(before, out var beforeId)) { request.BeforeId = beforeId; } else { violations.Add(("before_id", "Must be a number.")); }
        }

        foreach (var (name, field) in new[] { ("occurredFrom", "occurred_from"), ("occurredTo", "occurred_to") })
        {
            if (http.Query[name].ToString() is { Length: > 0 } text)
            {
                if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                {
                    var stamp = Timestamp.FromDateTimeOffset(at);
                    if (field == "occurred_from") { request.OccurredFrom = stamp; } else { request.OccurredTo = stamp; }
                }
                else
                {
                    violations.Add((field, "Must be an RFC 3339 time."));
                }
            }
        }

        violations.AddRange((await validator.ValidateAsync(request, cancellationToken)).Errors.Select(e => (e.PropertyName, e.ErrorMessage)));
        if (violations.Count > 0)
        {
            return PeopleApi.Invalid(violations);
        }

        var page = await query.ListAsync(request, cancellationToken);
        return Results.Text(Google.Protobuf.JsonFormatter.Default.Format(page), "application/json");
    }
}
