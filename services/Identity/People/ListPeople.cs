using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Identity.Data;

namespace PeerPlatform.Identity.People;

/// <summary>GET /api/identity/people: the people the caller manages (a partner administrator: their organisation's).</summary>
internal sealed class ListPeople(IdentityDbContext db, IAuditTrail audit, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(PeopleAdministrator administrator, string? partnerOrganisation, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking();
        var organisation = administrator.OrganisationFilter ?? (partnerOrganisation is { Length: > 0 } ? partnerOrganisation : null);
        if (organisation is not null)
        {
            query = query.Where(p => p.PartnerOrganisation == organisation);
        }

        var people = await query.OrderBy(p => p.DisplayName).ThenBy(p => p.Id).Take(500).ToListAsync(cancellationToken);
        await audit.WriteAsync(AuditedRecords.Person, organisation is null ? "all" : "organisation:" + organisation, AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var now = clock.GetUtcNow();
        return Results.Ok(new ListPeopleResponse(people.Select(p => PersonView.From(p, now)).ToList()));
    }
}
