using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Recruitment;
using PeerPlatform.Workforce.Teams;
using PeerPlatform.Workforce.Training;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.IntegrationTests.Workforce;

/// <summary>
/// "Today" is the trust's date: at 00:30 on 2 July in British Summer Time the UTC date is still
/// 1 July, and an entry dated 2 July is today, not the future, while a closing date of 1 July has
/// passed. Workforce runs on a clock stopped at that moment.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class TrustCalendarTodayTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private static readonly DateTimeOffset HalfPastMidnightBst = new(2026, 7, 1, 23, 30, 0, TimeSpan.Zero);
    private const string LocalToday = "2026-07-02";
    private const string LocalYesterday = "2026-07-01";

    private IHost host = null!;

    public async Task InitializeAsync() =>
        host = await ServiceHosts.StartWorkforceAsync(infrastructure, infrastructure.NewDatabaseName("workforce_today"), new StoppedClock(HalfPastMidnightBst));

    public Task DisposeAsync() => host.StopQuietlyAsync();

    private Task<T> With<THandler, T>(Func<THandler, Task<T>> call) where THandler : notnull =>
        host.WithScopeAsync(sp => call(sp.GetRequiredService<THandler>()));

    [Fact]
    public async Task Entries_dated_today_are_accepted_and_yesterdays_closing_date_has_passed_at_half_past_midnight_in_summer_time()
    {
        var team = await With<CreateTeamHandler, C.Team>(h => h.HandleAsync(new C.CreateTeamRequest { Name = "Night team", Locality = "north", ServiceLine = C.ServiceLine.AdultCommunity }, default));
        var trained = await With<RecordTeamTrainingHandler, C.Team>(h => h.HandleAsync(new C.RecordTeamTrainingRequest { TeamId = team.TeamId, DeliveredOn = LocalToday, Attendees = 12 }, default));
        Assert.Equal(LocalToday, trained.TrainingDeliveredOn);
        var agreed = await With<RecordRoleAgreementHandler, C.Team>(h => h.HandleAsync(new C.RecordRoleAgreementRequest { TeamId = team.TeamId, Version = "v2", AgreedOn = LocalToday, AgreedBy = "Team manager" }, default));
        Assert.Equal(LocalToday, agreed.RoleDescriptionAgreedOn);

        await Assert.ThrowsAsync<DomainRuleViolationException>(() => With<OpenVacancyHandler, C.Vacancy>(h =>
            h.HandleAsync(new C.OpenVacancyRequest { TeamId = team.TeamId, ContractedHours = 30, ClosingDate = LocalYesterday }, default)));
        var vacancy = await With<OpenVacancyHandler, C.Vacancy>(h => h.HandleAsync(new C.OpenVacancyRequest { TeamId = team.TeamId, ContractedHours = 30, ClosingDate = LocalToday }, default));
        var applicant = await With<AddApplicantHandler, C.Applicant>(h => h.HandleAsync(new C.AddApplicantRequest { VacancyId = vacancy.VacancyId, GivenName = "Jo", FamilyName = "Lee", DeclaresLivedExperience = true }, default));
        foreach (var stage in new[] { C.ApplicantStage.Shortlisted, C.ApplicantStage.Interviewed, C.ApplicantStage.Offered })
        {
            await With<AdvanceApplicantHandler, C.Applicant>(h => h.HandleAsync(new C.AdvanceApplicantRequest { ApplicantId = applicant.ApplicantId, Stage = stage }, default));
        }

        foreach (var kind in new[] { C.CheckKind.References, C.CheckKind.Dbs })
        {
            await With<RecordCheckHandler, C.Applicant>(h => h.HandleAsync(new C.RecordCheckRequest { ApplicantId = applicant.ApplicantId, Kind = kind, Status = C.CheckStatus.Cleared }, default));
        }

        var worker = await With<HireApplicantHandler, C.PeerWorker>(h => h.HandleAsync(new C.HireApplicantRequest
        {
            ApplicantId = applicant.ApplicantId,
            StartDate = LocalToday,
            Attributes = new C.MatchingAttributes { Gender = "male", Languages = { "English" }, Localities = { "north" } },
        }, default));
        var module = await With<CreateTrainingModuleHandler, C.TrainingModule>(h => h.HandleAsync(new C.CreateTrainingModuleRequest { Name = "Boundaries " + Guid.NewGuid().ToString("N")[..6], Mandatory = false, Hours = 3 }, default));
        var completed = await With<RecordTrainingCompletionHandler, C.PeerWorker>(h => h.HandleAsync(new C.RecordTrainingCompletionRequest { WorkerId = worker.WorkerId, ModuleId = module.ModuleId, CompletedOn = LocalToday }, default));
        Assert.Equal(worker.WorkerId, completed.WorkerId);
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
