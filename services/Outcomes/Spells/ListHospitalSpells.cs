using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Outcomes.Data;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Spells;

internal sealed class ListHospitalSpellsValidator : AbstractValidator<C.ListHospitalSpellsRequest>
{
    public ListHospitalSpellsValidator() => RuleFor(r => r.ClientId).RecordId("a client");
}

/// <summary>A client's hospital spells by admission; the listing is audited.</summary>
internal sealed class ListHospitalSpellsHandler(OutcomesDbContext db, IAuditTrail audit)
{
    public async Task<C.ListHospitalSpellsResponse> HandleAsync(C.ListHospitalSpellsRequest request, CancellationToken cancellationToken)
    {
        var clientId = Guid.Parse(request.ClientId);
        var spells = await db.HospitalSpells.AsNoTracking().Where(s => s.ClientId == clientId).OrderBy(s => s.AdmittedOn).ToListAsync(cancellationToken);
        await audit.WriteAsync(AuditedRecords.HospitalSpell, "client:" + request.ClientId, AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListHospitalSpellsResponse();
        response.Spells.AddRange(spells.Select(s => s.ToContract()));
        return response;
    }
}
