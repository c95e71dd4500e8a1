using FluentValidation;
using PeerPlatform.Grpc;
using PeerPlatform.Workforce.Data;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Teams;

internal sealed class GetTeamValidator : AbstractValidator<C.GetTeamRequest>
{
    public GetTeamValidator() => RuleFor(r => r.TeamId).RecordId("a team");
}

internal sealed class GetTeamHandler(WorkforceDbContext db)
{
    public async Task<C.Team> HandleAsync(C.GetTeamRequest request, CancellationToken cancellationToken) =>
        (await db.FindTeamAsync(request.TeamId, cancellationToken)).ToContract();
}
