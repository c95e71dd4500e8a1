using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Persistence;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Sessions;

internal sealed class ListSessionsValidator : AbstractValidator<C.ListSessionsRequest>
{
    public ListSessionsValidator()
    {
        RuleFor(r => r.WorkerId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a worker id (a UUID) or empty.");
        RuleFor(r => r.Status).IsInEnum();
        RuleFor(r => r.From).IsoDate().When(r => r.From.Length > 0);
        RuleFor(r => r.To).IsoDate().When(r => r.To.Length > 0);
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

internal sealed class ListSessionsHandler(PartnerScope scope, IAuditTrail audit)
{
    public async Task<C.ListSessionsResponse> HandleAsync(C.ListSessionsRequest request, CancellationToken cancellationToken)
    {
        var query = scope.Sessions.AsNoTracking();
        if (request.WorkerId.Length > 0)
        {
            var workerId = Guid.Parse(request.WorkerId);
            query = query.Where(s => s.AttendeeWorkerIds.Contains(workerId) || s.AbsentWorkerIds.Contains(workerId));
        }

        if (request.Status != C.SessionStatus.Unspecified)
        {
            var status = (SessionStatus)request.Status;
            query = query.Where(s => s.Status == status);
        }

        if (request.From.Length > 0)
        {
            var from = Compliance.StartOfLocalDay(IsoDates.ParseIsoDate(request.From));
            query = query.Where(s => s.ScheduledFor >= from);
        }

        if (request.To.Length > 0)
        {
            var before = Compliance.StartOfLocalDay(IsoDates.ParseIsoDate(request.To).AddDays(1));
            query = query.Where(s => s.ScheduledFor < before);
        }

        var (sessions, next) = await query.ToKeysetPageAsync(request.PageToken, request.PageSize, descending: true, cancellationToken, s => s.ScheduledFor, s => s.Id);
        await audit.WriteAsync(AuditedRecords.Session, request.WorkerId.Length > 0 ? "worker:" + request.WorkerId : "all", AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListSessionsResponse { NextPageToken = next };
        response.Sessions.AddRange(sessions.Select(s => s.ToContract(scope.MaySeeConfidential(s))));
        return response;
    }
}
