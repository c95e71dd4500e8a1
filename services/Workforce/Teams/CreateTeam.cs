using FluentValidation;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Teams;

internal sealed class CreateTeamValidator : AbstractValidator<C.CreateTeamRequest>
{
    public CreateTeamValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Locality).NotEmpty().MaximumLength(100);
        RuleFor(r => r.ServiceLine).IsInEnum().NotEqual(C.ServiceLine.Unspecified).WithMessage("The service line is required.");
    }
}

/// <summary>A team that will host peer workers; it is not ready for them until trained and agreed.</summary>
internal sealed class CreateTeamHandler(WorkforceDbContext db, TimeProvider clock)
{
    public async Task<C.Team> HandleAsync(C.CreateTeamRequest request, CancellationToken cancellationToken)
    {
        var team = Team.Create(request.Name, request.Locality, (ServiceLine)request.ServiceLine, clock.GetUtcNow());
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        return team.ToContract();
    }
}
