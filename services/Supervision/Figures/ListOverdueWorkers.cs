using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Figures;

internal sealed class ListOverdueWorkersValidator : AbstractValidator<C.ListOverdueWorkersRequest>
{
    public ListOverdueWorkersValidator() => RuleFor(r => r.OrganisationId).MaximumLength(100);
}

/// <summary>The workers overdue today under the agreements in force, longest overdue first.</summary>
internal sealed class ListOverdueWorkersHandler(SupervisionDbContext db, PartnerScope scope, TimeProvider clock)
{
    public async Task<C.ListOverdueWorkersResponse> HandleAsync(C.ListOverdueWorkersRequest request, CancellationToken cancellationToken)
    {
        var today = Compliance.LocalDate(clock.GetUtcNow());
        var agreements = ComplianceFigures.ActiveOn(scope.Agreements.AsNoTracking(), today);
        if (scope.OrganisationFilter(request.OrganisationId) is { } organisation)
        {
            agreements = agreements.Where(a => a.OrganisationId == organisation);
        }

        var overdue = (await ComplianceFigures.StandingsAsync(db, agreements, cancellationToken))
            .Select(s => (s.Agreement, Compliance: s.ComplianceOn(today)))
            .Where(x => x.Compliance.Overdue)
            .OrderBy(x => x.Compliance.DueBy)
            .ThenBy(x => x.Agreement.WorkerId);
        var response = new C.ListOverdueWorkersResponse { AsOf = today.ToIsoDate() };
        response.Workers.AddRange(overdue.Select(x => x.Compliance.ToContract(x.Agreement, today)));
        return response;
    }
}
