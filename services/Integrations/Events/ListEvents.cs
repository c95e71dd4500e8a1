using FluentValidation;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Integrations.V1;

namespace PeerPlatform.Integrations.Events;

internal sealed class ListEventsValidator : AbstractValidator<C.ListEventsRequest>
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public ListEventsValidator()
    {
        RuleFor(r => r.After).Must(cursor => EventCursor.TryRead(cursor, out _)).WithMessage("Must be a next_cursor or cursor from an earlier answer, or empty.");
        RuleForEach(r => r.EventTypes).Must(type => EventCatalogue.Named(type) is not null).WithMessage("Must be an event type ListEventTypes names.");
        RuleFor(r => r.PageSize).InclusiveBetween(0, MaxPageSize);
    }
}

/// <summary>The feed: events after a cursor, in the order recorded; a partner sees only those naming its organisation.</summary>
internal sealed class ListEventsHandler(IntegrationsDbContext db, Caller caller)
{
    private static readonly JsonParser DataParser = new(JsonParser.Settings.Default);

    public async Task<C.ListEventsResponse> HandleAsync(C.ListEventsRequest request, CancellationToken cancellationToken)
    {
        EventCursor.TryRead(request.After, out var after);
        var query = db.Events.AsNoTracking().Where(e => e.Sequence > after);
        if (caller.IsInRole(PeerRoles.Partner))
        {
            var organisation = caller.PartnerOrganisation ?? "";
            query = query.Where(e => e.OrganisationIds.Contains(organisation));
        }

        if (request.EventTypes.Count > 0)
        {
            var types = request.EventTypes.ToList();
            query = query.Where(e => types.Contains(e.Type));
        }

        var size = request.PageSize > 0 ? request.PageSize : ListEventsValidator.DefaultPageSize;
        var events = await query.OrderBy(e => e.Sequence).Take(size).ToListAsync(cancellationToken);
        var response = new C.ListEventsResponse { NextCursor = events.Count > 0 ? EventCursor.After(events[^1].Sequence) : request.After };
        response.Events.AddRange(events.Select(ToContract));
        return response;
    }

    public static C.Event ToContract(PublishedEvent published) => new()
    {
        EventId = published.EventId.ToString(),
        Type = published.Type,
        OccurredAt = Timestamp.FromDateTimeOffset(published.OccurredAt),
        Data = DataParser.Parse<Struct>(published.Data),
        Cursor = EventCursor.After(published.Sequence),
    };
}
