using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;
using PeerPlatform.ServiceDefaults;

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

internal sealed class GetTeamValidator : AbstractValidator<C.GetTeamRequest>
{
    public GetTeamValidator() => RuleFor(r => r.TeamId).RecordId("a team");
}

internal sealed class ListTeamsValidator : AbstractValidator<C.ListTeamsRequest>
{
    public ListTeamsValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
        RuleFor(r => r.ServiceLine).IsInEnum();
    }
}

internal sealed class RecordTeamTrainingValidator : AbstractValidator<C.RecordTeamTrainingRequest>
{
    public RecordTeamTrainingValidator()
    {
        RuleFor(r => r.TeamId).RecordId("a team");
        RuleFor(r => r.DeliveredOn).IsoDate();
        RuleFor(r => r.Attendees).GreaterThan(0);
    }
}

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

/// <summary>Teams that host peer workers, and whether each is ready for them.</summary>
internal sealed class TeamHandlers(WorkforceDbContext db, Outbox<WorkforceDbContext> outbox, TimeProvider clock)
{
    private DateOnly Today => TrustCalendar.LocalDate(clock.GetUtcNow());

    public async Task<C.Team> CreateAsync(C.CreateTeamRequest request, CancellationToken cancellationToken)
    {
        var team = Team.Create(request.Name, request.Locality, (ServiceLine)request.ServiceLine, clock.GetUtcNow());
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        return team.ToContract();
    }

    public async Task<C.Team> GetAsync(C.GetTeamRequest request, CancellationToken cancellationToken) =>
        (await FindAsync(request.TeamId, cancellationToken)).ToContract();

    public async Task<C.ListTeamsResponse> ListAsync(C.ListTeamsRequest request, CancellationToken cancellationToken)
    {
        var query = db.Teams.AsNoTracking();
        if (request.Locality.Length > 0)
        {
            query = query.Where(t => t.Locality == request.Locality);
        }

        if (request.ServiceLine != C.ServiceLine.Unspecified)
        {
            var line = (ServiceLine)request.ServiceLine;
            query = query.Where(t => t.ServiceLine == line);
        }

        var (teams, next) = await query.OrderBy(t => t.Name).ThenBy(t => t.Id).ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        var response = new C.ListTeamsResponse { NextPageToken = next };
        response.Teams.AddRange(teams.Select(t => t.ToContract()));
        return response;
    }

    public async Task<C.Team> RecordTrainingAsync(C.RecordTeamTrainingRequest request, CancellationToken cancellationToken)
    {
        var team = await FindAsync(request.TeamId, cancellationToken);
        var deliveredOn = ValidationRules.ParseIsoDate(request.DeliveredOn);
        team.RecordTrainingDelivered(deliveredOn, request.Attendees, Today);
        var now = clock.GetUtcNow();
        outbox.Add(new TeamTrainingDelivered(Guid.CreateVersion7(now), now, team.Id, deliveredOn, request.Attendees));
        await db.SaveChangesAsync(cancellationToken);
        return team.ToContract();
    }

    public async Task<C.Team> RecordRoleAgreementAsync(C.RecordRoleAgreementRequest request, CancellationToken cancellationToken)
    {
        var team = await FindAsync(request.TeamId, cancellationToken);
        team.RecordRoleDescriptionAgreed(request.Version, ValidationRules.ParseIsoDate(request.AgreedOn), request.AgreedBy, Today);
        await db.SaveChangesAsync(cancellationToken);
        return team.ToContract();
    }

    private async Task<Team> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Teams.SingleOrDefaultAsync(t => t.Id == Guid.Parse(id), cancellationToken)
        ?? throw new NotFoundException("Team", id);
}
