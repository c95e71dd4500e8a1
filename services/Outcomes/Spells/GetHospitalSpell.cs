using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Spells;

internal sealed class GetHospitalSpellValidator : AbstractValidator<C.GetHospitalSpellRequest>
{
    public GetHospitalSpellValidator() => RuleFor(r => r.SpellId).RecordId("a hospital spell");
}

/// <summary>One hospital spell by id (the FHIR facade's Encounter read); the read is audited.</summary>
internal sealed class GetHospitalSpellHandler(OutcomesDbContext db, IAuditTrail audit)
{
    public async Task<C.HospitalSpell> HandleAsync(C.GetHospitalSpellRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.SpellId);
        var spell = await db.HospitalSpells.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        await audit.WriteAsync(AuditedRecords.HospitalSpell, request.SpellId, AuditAction.Read,
            spell is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return spell?.ToContract() ?? throw new NotFoundException("Hospital spell", request.SpellId);
    }
}
