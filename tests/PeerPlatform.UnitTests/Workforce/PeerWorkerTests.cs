using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.UnitTests.Workforce;

public sealed class PeerWorkerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    internal static PeerWorker Worker(decimal hours = 37.5m, string gender = "female", string[]? languages = null, string[]? areas = null, bool trained = true)
    {
        var worker = PeerWorker.Hire(Guid.NewGuid(), null, hours, new DateOnly(2026, 1, 5),
            new MatchingAttributes(gender, languages ?? ["English"], areas ?? [], ["North"]), CaseloadPolicy.Default, Now);
        worker.UpdateTrainingComplete(trained);
        return worker;
    }

    [Theory]
    [InlineData(37.5, 9)]
    [InlineData(30, 7)]
    [InlineData(22.5, 5)]
    [InlineData(3, 0)]
    public void Capacity_is_contracted_hours_times_the_ratio_rounded_down(decimal hours, int capacity)
    {
        Assert.Equal(capacity, CaseloadPolicy.Default.CapacityFor(hours));
        Assert.Equal(capacity, Worker(hours).Capacity);
    }

    [Fact]
    public void The_ratio_is_configurable()
    {
        Assert.Equal(15, new CaseloadPolicy(0.4m).CapacityFor(37.5m));
    }

    [Fact]
    public void A_worker_takes_clients_only_when_active_trained_and_with_a_free_slot()
    {
        Assert.True(Worker().IsAvailable);
        Assert.False(Worker(trained: false).IsAvailable);
        Assert.False(Worker(hours: 3m).IsAvailable);

        var onLeave = Worker();
        onLeave.ChangeStatus(EmploymentStatus.OnLeave);
        Assert.False(onLeave.IsAvailable);
    }

    [Fact]
    public void Readiness_needs_every_current_mandatory_module()
    {
        var mandatory = TrainingModule.Create("Sharing your story safely", true, 6m, Now);
        var optional = TrainingModule.Create("Creative approaches", false, 3m, Now);
        var retired = TrainingModule.Create("Old induction", true, 2m, Now);
        retired.Retire();
        TrainingModule[] curriculum = [mandatory, optional, retired];

        Assert.False(Readiness.IsReady(curriculum, [optional.Id]));
        Assert.True(Readiness.IsReady(curriculum, [mandatory.Id]));
    }

    [Fact]
    public void Becoming_ready_is_reported_once()
    {
        var worker = Worker(trained: false);
        Assert.True(worker.UpdateTrainingComplete(true));
        Assert.False(worker.UpdateTrainingComplete(true));
    }

    [Fact]
    public void Leaving_empties_the_caseload_and_is_final()
    {
        var worker = Worker();
        Assert.Throws<DomainRuleViolationException>(() => worker.Leave(new DateOnly(2025, 12, 31), "moved"));
        worker.Leave(new DateOnly(2026, 11, 20), "moved away");

        Assert.Equal(EmploymentStatus.Left, worker.Status);
        Assert.Equal(0, worker.CurrentCaseload);
        Assert.False(worker.IsAvailable);
        Assert.Throws<DomainRuleViolationException>(() => worker.ChangeStatus(EmploymentStatus.Active));
        Assert.Throws<DomainRuleViolationException>(() => worker.Leave(new DateOnly(2026, 11, 21), "again"));
    }

    [Fact]
    public void Team_readiness_needs_training_and_an_agreed_role_description()
    {
        var team = Team.Create("Adult Community North", "North", ServiceLine.AdultCommunity, Now);
        var today = new DateOnly(2026, 11, 26);
        Assert.False(team.IsReadyForPeerWorkers);

        team.RecordTrainingDelivered(new DateOnly(2026, 10, 1), 14, today);
        Assert.False(team.IsReadyForPeerWorkers);
        Assert.Throws<DomainRuleViolationException>(() => team.RecordRoleDescriptionAgreed("v2", today.AddDays(1), "Team manager", today));

        team.RecordRoleDescriptionAgreed("v2", today, "Team manager", today);
        Assert.True(team.IsReadyForPeerWorkers);
        Assert.Throws<DomainRuleViolationException>(() => team.RecordTrainingDelivered(today, 0, today));
    }
}
