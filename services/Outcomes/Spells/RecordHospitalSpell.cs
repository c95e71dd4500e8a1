using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Persistence;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Spells;

internal sealed class RecordHospitalSpellValidator : AbstractValidator<C.RecordHospitalSpellRequest>
{
    public RecordHospitalSpellValidator(TimeProvider clock)
    {
        RuleFor(r => r.ProviderSpellId).NotEmpty().MaximumLength(100);
        RuleFor(r => r.ClientId).RecordId("a client");
        RuleFor(r => r.AdmittedOn).IsoDate()
            .Must(d => !IsoDates.TryParseIsoDate(d, out var day) || day <= TrustCalendar.LocalDate(clock.GetUtcNow()))
            .WithMessage("Must not be in the future.");
        RuleFor(r => r.DischargedOn).IsoDate().When(r => r.DischargedOn.Length > 0);
        RuleFor(r => r.DischargedOn)
            .Must((r, discharged) => !IsoDates.TryParseIsoDate(r.AdmittedOn, out var admitted) || !IsoDates.TryParseIsoDate(discharged, out var day) || day >= admitted)
            .When(r => r.DischargedOn.Length > 0)
            .WithMessage("Must not be before admitted_on.");
    }
}

/// <summary>
/// Records or updates a hospital spell from the trust's systems, keyed by the provider's spell id
/// so a resend changes nothing. One client's spells never overlap; the client must be known from
/// a referral.
/// </summary>
internal sealed class RecordHospitalSpellHandler(OutcomesDbContext db, EngagementNightsLedger nights, IOptions<OutcomesOptions> options, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.HospitalSpell> HandleAsync(C.RecordHospitalSpellRequest request, CancellationToken cancellationToken)
    {
        var clientId = Guid.Parse(request.ClientId);
        var admittedOn = IsoDates.ParseIsoDate(request.AdmittedOn);
        DateOnly? dischargedOn = request.DischargedOn.Length > 0 ? IsoDates.ParseIsoDate(request.DischargedOn) : null;

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        // One client's spells are checked and written one request at a time, so two overlapping
        // spells sent at once cannot both pass the overlap check.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({clientId.ToString()}, 0))", cancellationToken);
        if (!await db.Referrals.AnyAsync(r => r.ClientId == clientId, cancellationToken))
        {
            throw new NotFoundException("Client", request.ClientId);
        }

        var existing = await db.HospitalSpells.SingleOrDefaultAsync(s => s.ProviderSpellId == request.ProviderSpellId, cancellationToken);
        if (existing is not null && existing.ClientId != clientId)
        {
            throw new DomainRuleViolationException($"Provider spell {request.ProviderSpellId} belongs to another client; a spell cannot move between clients.");
        }

        if (existing is not null && existing.AdmittedOn == admittedOn && existing.DischargedOn == dischargedOn)
        {
            return existing.ToContract(unchanged: true);
        }

        var others = await db.HospitalSpells.Where(s => s.ClientId == clientId && s.ProviderSpellId != request.ProviderSpellId).ToListAsync(cancellationToken);
        if (others.FirstOrDefault(s => s.Overlaps(admittedOn, dischargedOn)) is { } conflict)
        {
            throw new DomainRuleViolationException(
                $"The spell overlaps provider spell {conflict.ProviderSpellId} ({conflict.AdmittedOn.ToIsoDate()} to {(conflict.DischargedOn is { } d ? d.ToIsoDate() : "still in hospital")}).");
        }

        var now = clock.GetUtcNow();
        var spell = existing ?? db.HospitalSpells.Add(new HospitalSpell { Id = Guid.CreateVersion7(now), ProviderSpellId = request.ProviderSpellId, ClientId = clientId }).Entity;
        spell.AdmittedOn = admittedOn;
        spell.DischargedOn = dischargedOn;
        spell.UpdatedAt = now;
        audit.Add(AuditedRecords.HospitalSpell, spell.Id.ToString(), existing is null ? AuditAction.Create : AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        // The client's kept bed-day figures change with their spells, in the same transaction.
        await nights.RecomputeClientAsync(clientId, options.Value.MirrorWindowMonths, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return spell.ToContract();
    }
}
