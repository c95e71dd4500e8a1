using FluentValidation;
using PeerPlatform.Contracts.Events.Workforce;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Teams;

internal sealed class RecordTeamTrainingValidator : AbstractValidator<C.RecordTeamTrainingRequest>
{
    public RecordTeamTrainingValidator()
    {
        RuleFor(r => r.TeamId).RecordId("a team");
        RuleFor(r => r.DeliveredOn).IsoDate();
        RuleFor(r => r.Attendees).GreaterThan(0);
    }
}

/// <summary>The team's preparation training was delivered; emits TeamTrainingDelivered.</summary>
internal sealed class RecordTeamTrainingHandler(WorkforceDbContext db, Outbox<WorkforceDbContext> outbox, TimeProvider clock)
{
    public async Task<C.Team> HandleAsync(C.RecordTeamTrainingRequest request, CancellationToken cancellationToken)
    {
        var team = await db.FindTeamAsync(request.TeamId, cancellationToken);
        var deliveredOn = IsoDates.ParseIsoDate(request.DeliveredOn);
        var now = clock.GetUtcNow();
        team.RecordTrainingDelivered(deliveredOn, request.Attendees, TrustCalendar.LocalDate(now));
        outbox.Add(new TeamTrainingDelivered(Guid.CreateVersion7(now), now, team.Id, deliveredOn, request.Attendees));
        await db.SaveChangesAsync(cancellationToken);
        return team.ToContract();
    }
}
