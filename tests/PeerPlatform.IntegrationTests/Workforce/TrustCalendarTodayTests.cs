using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.ServiceDefaults.Grpc;
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
        var team = await With<TeamHandlers, C.Team>(h => h.CreateAsync(new C.CreateTeamRequest { Name = "Night team", Locality = "north", ServiceLine = C.ServiceLine.AdultCommunity }, default));
        var trained = await With<TeamHandlers, C.Team>(h => h.RecordTrainingAsync(new C.RecordTeamTrainingRequest { TeamId = team.TeamId, DeliveredOn = LocalToday, Attendees = 12 }, default));
        Assert.Equal(LocalToday, trained.TrainingDeliveredOn);
        var agreed = await With<TeamHandlers, C.Team>(h => h.RecordRoleAgreementAsync(new C.RecordRoleAgreementRequest { TeamId = team.TeamId, Version = "v2", AgreedOn = LocalToday, AgreedBy = "Team manager" }, default));
        Assert.Equal(LocalToday, agreed.RoleDescriptionAgreedOn);

        await Assert.ThrowsAsync<DomainRuleViolationException>(() => With<RecruitmentHandlers, C.Vacancy>(h =>
            h.OpenVacancyAsync(new C.OpenVacancyRequest { TeamId = team.TeamId, ContractedHours = 30, ClosingDate = LocalYesterday }, default)));
        var vacancy = await With<RecruitmentHandlers, C.Vacancy>(h => h.OpenVacancyAsync(new C.OpenVacancyRequest { TeamId = team.TeamId, ContractedHours = 30, ClosingDate = LocalToday }, default));
        var applicant = await With<RecruitmentHandlers, C.Applicant>(h => h.AddApplicantAsync(new C.AddApplicantRequest { VacancyId = vacancy.VacancyId, GivenName = "Jo", FamilyName = "Lee", DeclaresLivedExperience = true }, default));
        foreach (var stage in new[] { C.ApplicantStage.Shortlisted, C.ApplicantStage.Interviewed, C.ApplicantStage.Offered })
        {
            await With<RecruitmentHandlers, C.Applicant>(h => h.AdvanceAsync(new C.AdvanceApplicantRequest { ApplicantId = applicant.ApplicantId, Stage = stage }, default));
        }

        foreach (var kind in new[] { C.CheckKind.References, C.CheckKind.Dbs })
        {
            await With<RecruitmentHandlers, C.Applicant>(h => h.RecordCheckAsync(new C.RecordCheckRequest { ApplicantId = applicant.ApplicantId, Kind = kind, Status = C.CheckStatus.Cleared }, default));
        }

        var worker = await With<RecruitmentHandlers, C.PeerWorker>(h => h.HireAsync(new C.HireApplicantRequest
        {
            ApplicantId = applicant.ApplicantId, StartDate = LocalToday,
            Attributes = new C.MatchingAttributes { Gender = "male", Languages = { "English" }, Localities = { "north" } },
        }, default));
        var module = await With<TrainingHandlers, C.TrainingModule>(h => h.CreateModuleAsync(new C.CreateTrainingModuleRequest { Name = "Boundaries " + Guid.NewGuid().ToString("N")[..6], Mandatory = false, Hours = 3 }, default));
        var completed = await With<TrainingHandlers, C.PeerWorker>(h => h.RecordCompletionAsync(new C.RecordTrainingCompletionRequest { WorkerId = worker.WorkerId, ModuleId = module.ModuleId, CompletedOn = LocalToday }, default));
        Assert.Equal(worker.WorkerId, completed.WorkerId);
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
