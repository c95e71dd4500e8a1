using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.Referral.Data;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal sealed class ListReferralsValidator : AbstractValidator<C.ListReferralsRequest>
{
    public ListReferralsValidator()
    {
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.WorkerId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a worker id (a UUID) or empty.");
        RuleFor(r => r.TeamId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a team id (a UUID) or empty.");
        RuleFor(r => r.ReceivedFrom).IsoDate().When(r => r.ReceivedFrom.Length > 0);
        RuleFor(r => r.ReceivedTo).IsoDate().When(r => r.ReceivedTo.Length > 0);
        RuleFor(r => r.ClientId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a client id (a UUID) or empty.");
        RuleFor(r => r.RequesterIdentifier).MaximumLength(300);
        RuleForEach(r => r.Statuses).IsInEnum().NotEqual(C.ReferralStatus.Unspecified);
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>Referrals newest first, filtered; listing is audited (referrals hold personal data).</summary>
internal sealed class ListReferralsHandler(ReferralDbContext db, IAuditTrail audit, IOptions<ProgrammeTargets> options, TimeProvider clock)
{
    public async Task<C.ListReferralsResponse> HandleAsync(C.ListReferralsRequest request, CancellationToken cancellationToken)
    {
        var query = db.Referrals.AsNoTracking().Include(r => r.History).AsQueryable();
        if (request.Status != C.ReferralStatus.Unspecified)
        {
            var status = (Domain.ReferralStatus)request.Status;
            query = query.Where(r => r.Status == status);
        }

        if (request.Statuses.Count > 0)
        {
            var statuses = request.Statuses.Select(s => (Domain.ReferralStatus)s).ToList();
            query = query.Where(r => statuses.Contains(r.Status));
        }

        if (request.ClientId.Length > 0)
        {
            var clientId = Guid.Parse(request.ClientId);
            query = query.Where(r => r.ClientId == clientId);
        }

        if (request.RequesterIdentifier.Length > 0)
        {
            var identifier = request.RequesterIdentifier.Trim();
            query = query.Where(r => r.RequesterIdentifier == identifier);
        }

        if (request.WorkerId.Length > 0)
        {
            var workerId = Guid.Parse(request.WorkerId);
            query = query.Where(r => r.AssignedWorkerId == workerId);
        }

        if (request.TeamId.Length > 0)
        {
            var teamId = Guid.Parse(request.TeamId);
            query = query.Where(r => r.AssignedTeamId == teamId);
        }

        if (request.ReceivedFrom.Length > 0)
        {
            var from = new DateTimeOffset(IsoDates.ParseIsoDate(request.ReceivedFrom).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(r => r.ReceivedAt >= from);
        }

        if (request.ReceivedTo.Length > 0)
        {
            var until = new DateTimeOffset(IsoDates.ParseIsoDate(request.ReceivedTo).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(r => r.ReceivedAt < until);
        }

        var (referrals, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: true, cancellationToken, r => r.ReceivedAt, r => r.Id);
        await audit.WriteAsync(AuditedRecords.Referral, "list", AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var now = clock.GetUtcNow();
        var response = new C.ListReferralsResponse { NextPageToken = next };
        response.Referrals.AddRange(referrals.Select(r => r.ToContract(options.Value, now)));
        return response;
    }
}
