using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision;

/// <summary>
/// Object-level rules for partner organisations. A partner caller is pinned to the organisation in
/// its token: every query is filtered by it and every write is made in its name, so another
/// organisation's ids simply are not found. The trust's callers see every organisation's records,
/// never the confidential content. A peer worker signed in as themselves sees only the sessions
/// they were in (invited, attended or absent), and the notes of those they attended.
/// </summary>
internal sealed class PartnerScope(Caller caller, SupervisionDbContext db)
{
    public bool IsPartner => caller.IsInRole(PeerRoles.Partner);

    /// <summary>The caller's organisation when it is a partner; null for the trust's callers.</summary>
    public string? Organisation => IsPartner
        ? caller.PartnerOrganisation ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "The token names no partner organisation."))
        : null;

    public bool IsWorker => caller.IsInRole(PeerRoles.Worker);

    /// <summary>The signed-in peer worker's id; null for everyone else.</summary>
    public Guid? Worker => IsWorker
        ? caller.WorkerId ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "The token names no worker."))
        : null;

    /// <summary>Partners only see their own organisation; the trust may narrow to one with <paramref name="requested"/>.</summary>
    public string? OrganisationFilter(string requested) => Organisation ?? (requested.Length > 0 ? requested : null);

    /// <summary>Confidential notes and actions are for the organisation that wrote them, no one else.</summary>
    public bool MaySeeConfidential(string owningOrganisation) => IsPartner && Organisation == owningOrganisation;

    /// <summary>A session's notes and actions: for the organisation that wrote them and the workers who attended.</summary>
    public bool MaySeeConfidential(SupervisionSession session) =>
        MaySeeConfidential(session.PartnerOrganisationId) || (Worker is { } worker && session.AttendeeWorkerIds.Contains(worker));

    /// <summary>The caller's organisation, registered and active, for writes made in its name.</summary>
    public async Task<PartnerOrganisation> OwnActiveOrganisationAsync(CancellationToken cancellationToken)
    {
        var id = Organisation ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "Only a partner organisation can do this."));
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new DomainRuleViolationException($"Partner organisation {id} is not registered with the Supervision service; an administrator registers it.");
        organisation.RequireActive();
        return organisation;
    }

    public IQueryable<Supervisor> Supervisors => Organisation is { } own ? db.Supervisors.Where(s => s.OrganisationId == own) : db.Supervisors;

    public IQueryable<Agreement> Agreements => Organisation is { } own ? db.Agreements.Where(a => a.OrganisationId == own) : db.Agreements;

    public IQueryable<SupervisionSession> Sessions => Organisation is { } own
        ? db.Sessions.Where(s => s.PartnerOrganisationId == own)
        : Worker is { } worker
            ? db.Sessions.Where(s => s.AttendeeWorkerIds.Contains(worker) || s.AbsentWorkerIds.Contains(worker))
            : db.Sessions;

    public IQueryable<Concern> Concerns => Organisation is { } own ? db.Concerns.Where(c => c.OrganisationId == own) : db.Concerns;
}
