using FluentValidation;
using PeerPlatform.Grpc;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Teams;

internal sealed class RecordRoleAgreementValidator : AbstractValidator<C.RecordRoleAgreementRequest>
{
    public RecordRoleAgreementValidator()
    {
        RuleFor(r => r.TeamId).RecordId("a team");
        RuleFor(r => r.Version).NotEmpty().MaximumLength(40);
        RuleFor(r => r.AgreedOn).IsoDate();
        RuleFor(r => r.AgreedBy).NotEmpty().MaximumLength(200);
    }
}

/// <summary>The team agreed the peer worker role description (which version, when, by whom).</summary>
internal sealed class RecordRoleAgreementHandler(WorkforceDbContext db, TimeProvider clock)
{
    public async Task<C.Team> HandleAsync(C.RecordRoleAgreementRequest request, CancellationToken cancellationToken)
    {
        var team = await db.FindTeamAsync(request.TeamId, cancellationToken);
        team.RecordRoleDescriptionAgreed(request.Version, IsoDates.ParseIsoDate(request.AgreedOn), request.AgreedBy, TrustCalendar.LocalDate(clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return team.ToContract();
    }
}
