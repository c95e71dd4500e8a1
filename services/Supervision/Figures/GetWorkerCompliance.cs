using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Figures;

internal sealed class GetWorkerComplianceValidator : AbstractValidator<C.GetWorkerComplianceRequest>
{
    public GetWorkerComplianceValidator() => RuleFor(r => r.WorkerId).RecordId("a worker");
}

/// <summary>A worker's compliance today under the agreement in force.</summary>
internal sealed class GetWorkerComplianceHandler(SupervisionDbContext db, PartnerScope scope, TimeProvider clock)
{
    public async Task<C.WorkerCompliance> HandleAsync(C.GetWorkerComplianceRequest request, CancellationToken cancellationToken)
    {
        var today = Compliance.LocalDate(clock.GetUtcNow());
        var workerId = Guid.Parse(request.WorkerId);
        var standing = (await ComplianceFigures.StandingsAsync(db, ComplianceFigures.ActiveOn(scope.Agreements.AsNoTracking(), today).Where(a => a.WorkerId == workerId), cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException("Agreement in force for worker", request.WorkerId);
        return standing.ComplianceOn(today).ToContract(standing.Agreement, today);
    }
}
