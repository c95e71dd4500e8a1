using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerPlatform.IntegrationTests.Infrastructure;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Caseload;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Recruitment;
using PeerPlatform.Workforce.Teams;
using PeerPlatform.Workforce.Training;
using PeerPlatform.Workforce.Workers;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.IntegrationTests.Workforce;

/// <summary>The Workforce service's features against a real PostgreSQL (and its outbox).</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WorkforceTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private IHost host = null!;

    public async Task InitializeAsync() =>
        host = await ServiceHosts.StartWorkforceAsync(infrastructure, infrastructure.NewDatabaseName("workforce"));

    public Task DisposeAsync() => host.StopQuietlyAsync();

    private Task<T> With<THandler, T>(Func<THandler, Task<T>> call) where THandler : notnull =>
        host.WithScopeAsync(sp => call(sp.GetRequiredService<THandler>()));

    /// <summary>Team → vacancy → applicant through to hired; returns the new worker.</summary>
    private async Task<C.PeerWorker> HireAsync(double hours = 37.5, string gender = "female", string locality = "north")
    {
        var team = await With<CreateTeamHandler, C.Team>(h => h.HandleAsync(new C.CreateTeamRequest { Name = "Adult Community " + Guid.NewGuid().ToString("N")[..6], Locality = locality, ServiceLine = C.ServiceLine.AdultCommunity }, default));
        var vacancy = await With<OpenVacancyHandler, C.Vacancy>(h => h.HandleAsync(new C.OpenVacancyRequest { TeamId = team.TeamId, ContractedHours = hours, ClosingDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd") }, default));
        var applicant = await With<AddApplicantHandler, C.Applicant>(h => h.HandleAsync(new C.AddApplicantRequest { VacancyId = vacancy.VacancyId, GivenName = "Kim", FamilyName = "Ng", DeclaresLivedExperience = true }, default));
        foreach (var stage in new[] { C.ApplicantStage.Shortlisted, C.ApplicantStage.Interviewed, C.ApplicantStage.Offered })
        {
            await With<AdvanceApplicantHandler, C.Applicant>(h => h.HandleAsync(new C.AdvanceApplicantRequest { ApplicantId = applicant.ApplicantId, Stage = stage }, default));
        }

        foreach (var kind in new[] { C.CheckKind.References, C.CheckKind.Dbs })
        {
            await With<RecordCheckHandler, C.Applicant>(h => h.HandleAsync(new C.RecordCheckRequest { ApplicantId = applicant.ApplicantId, Kind = kind, Status = C.CheckStatus.Cleared }, default));
        }

        return await With<HireApplicantHandler, C.PeerWorker>(h => h.HandleAsync(new C.HireApplicantRequest
        {
            ApplicantId = applicant.ApplicantId,
            StartDate = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            Attributes = new C.MatchingAttributes { Gender = gender, Languages = { "English" }, Localities = { locality } },
        }, default));
    }

    private Task<List<string>> OutboxTypesAsync() =>
        host.WithScopeAsync(sp => sp.GetRequiredService<WorkforceDbContext>().Set<OutboxMessage>().OrderBy(m => m.OccurredAt).Select(m => m.MessageType).ToListAsync());

    [Fact]
    public async Task Hiring_then_completing_mandatory_training_makes_a_worker_available()
    {
        var module = await With<CreateTrainingModuleHandler, C.TrainingModule>(h => h.HandleAsync(new C.CreateTrainingModuleRequest { Name = "Using lived experience safely", Mandatory = true, Hours = 6 }, default));
        var worker = await HireAsync(locality: "west");
        Assert.False(worker.Ready);
        Assert.Equal(9, worker.Capacity);

        var search = new C.FindAvailableWorkersRequest { Locality = "West" };
        Assert.Empty((await With<FindAvailableWorkersHandler, C.FindAvailableWorkersResponse>(h => h.HandleAsync(search, default))).Workers);

        var trained = await With<RecordTrainingCompletionHandler, C.PeerWorker>(h => h.HandleAsync(new C.RecordTrainingCompletionRequest
        {
            WorkerId = worker.WorkerId,
            ModuleId = module.ModuleId,
            CompletedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"),
        }, default));
        Assert.True(trained.Ready);

        var found = Assert.Single((await With<FindAvailableWorkersHandler, C.FindAvailableWorkersResponse>(h => h.HandleAsync(search, default))).Workers);
        Assert.Equal(worker.WorkerId, found.Worker.WorkerId);
        Assert.Equal(9, found.FreeCapacity);
        Assert.Contains("urn:message:peer.workforce.v1:peer-worker-hired", await OutboxTypesAsync());
        Assert.Contains("urn:message:peer.workforce.v1:peer-worker-ready", await OutboxTypesAsync());
    }

    [Fact]
    public async Task Retiring_a_mandatory_module_releases_workers_it_was_holding_back()
    {
        var module = await With<CreateTrainingModuleHandler, C.TrainingModule>(h => h.HandleAsync(new C.CreateTrainingModuleRequest { Name = "Old induction", Mandatory = true, Hours = 2 }, default));
        var worker = await HireAsync(locality: "south");
        Assert.False(worker.Ready);

        await With<RetireTrainingModuleHandler, C.TrainingModule>(h => h.HandleAsync(new C.RetireTrainingModuleRequest { ModuleId = module.ModuleId }, default));

        var stored = await With<GetWorkerHandler, C.PeerWorker>(h => h.HandleAsync(new C.GetWorkerRequest { WorkerId = worker.WorkerId }, default));
        Assert.True(stored.Ready);
        Assert.DoesNotContain((await With<ListTrainingModulesHandler, C.ListTrainingModulesResponse>(h => h.HandleAsync(new C.ListTrainingModulesRequest(), default))).Modules, m => m.ModuleId == module.ModuleId);
    }

    [Fact]
    public async Task Parallel_reservations_for_the_last_slots_never_overbook()
    {
        var worker = await HireAsync(hours: 8); // capacity 2
        Assert.Equal(2, worker.Capacity);

        var outcomes = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 24), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, _) =>
        {
            try
            {
                await With<ReserveCaseloadSlotHandler, C.CaseloadReservation>(h => h.HandleAsync(new C.ReserveCaseloadSlotRequest
                {
                    WorkerId = worker.WorkerId,
                    IdempotencyKey = $"referral-{i}",
                    ReferralId = Guid.NewGuid().ToString(),
                }, default));
                outcomes.Add("reserved");
            }
            catch (DomainRuleViolationException)
            {
                outcomes.Add("full");
            }
        });

        Assert.Equal(2, outcomes.Count(o => o == "reserved"));
        Assert.Equal(22, outcomes.Count(o => o == "full"));
        var stored = await With<GetWorkerHandler, C.PeerWorker>(h => h.HandleAsync(new C.GetWorkerRequest { WorkerId = worker.WorkerId }, default));
        Assert.Equal(2, stored.CurrentCaseload);
        var held = await host.WithScopeAsync(sp => sp.GetRequiredService<WorkforceDbContext>().CaseloadReservations.CountAsync(r => r.ReleasedAt == null));
        Assert.Equal(2, held);
    }

    [Fact]
    public async Task A_reservation_retried_with_the_same_key_holds_one_slot()
    {
        var worker = await HireAsync();
        var referralId = Guid.NewGuid().ToString();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => With<ReserveCaseloadSlotHandler, C.CaseloadReservation>(h =>
            h.HandleAsync(new C.ReserveCaseloadSlotRequest { WorkerId = worker.WorkerId, IdempotencyKey = "retry-key", ReferralId = referralId }, default))));

        Assert.Single(results.Select(r => r.ReservationId).Distinct());
        var stored = await With<GetWorkerHandler, C.PeerWorker>(h => h.HandleAsync(new C.GetWorkerRequest { WorkerId = worker.WorkerId }, default));
        Assert.Equal(1, stored.CurrentCaseload);

        // Releasing twice frees one slot.
        await With<ReleaseCaseloadSlotHandler, C.CaseloadReservation>(h => h.HandleAsync(new C.ReleaseCaseloadSlotRequest { IdempotencyKey = "retry-key" }, default));
        var again = await With<ReleaseCaseloadSlotHandler, C.CaseloadReservation>(h => h.HandleAsync(new C.ReleaseCaseloadSlotRequest { IdempotencyKey = "retry-key" }, default));
        Assert.NotNull(again.ReleasedAt);
        stored = await With<GetWorkerHandler, C.PeerWorker>(h => h.HandleAsync(new C.GetWorkerRequest { WorkerId = worker.WorkerId }, default));
        Assert.Equal(0, stored.CurrentCaseload);
    }

    [Fact]
    public async Task A_worker_who_leaves_releases_every_slot_and_tells_referral()
    {
        var worker = await HireAsync();
        var referrals = new[] { Guid.NewGuid(), Guid.NewGuid() };
        foreach (var referral in referrals)
        {
            await With<ReserveCaseloadSlotHandler, C.CaseloadReservation>(h => h.HandleAsync(new C.ReserveCaseloadSlotRequest
            {
                WorkerId = worker.WorkerId,
                IdempotencyKey = "leave-" + referral,
                ReferralId = referral.ToString(),
            }, default));
        }

        var left = await With<RecordLeavingHandler, C.PeerWorker>(h => h.HandleAsync(new C.RecordLeavingRequest
        {
            WorkerId = worker.WorkerId,
            LeftOn = DateTime.UtcNow.ToString("yyyy-MM-dd"),
            Reason = "Moved to another trust",
        }, default));

        Assert.Equal(C.EmploymentStatus.Left, left.Status);
        Assert.Equal(0, left.CurrentCaseload);
        var payload = await host.WithScopeAsync(sp => sp.GetRequiredService<WorkforceDbContext>().Set<OutboxMessage>()
            .Where(m => m.MessageType == "urn:message:peer.workforce.v1:peer-worker-left").Select(m => m.Payload).SingleAsync());
        Assert.All(referrals, r => Assert.Contains(r.ToString(), payload));
        Assert.DoesNotContain((await With<FindAvailableWorkersHandler, C.FindAvailableWorkersResponse>(h => h.HandleAsync(new C.FindAvailableWorkersRequest { Locality = "north" }, default))).Workers,
            w => w.Worker.WorkerId == worker.WorkerId);
        await Assert.ThrowsAsync<DomainRuleViolationException>(() => With<ReserveCaseloadSlotHandler, C.CaseloadReservation>(h => h.HandleAsync(new C.ReserveCaseloadSlotRequest
        {
            WorkerId = worker.WorkerId,
            IdempotencyKey = "after-leaving",
            ReferralId = Guid.NewGuid().ToString(),
        }, default)));
    }

    [Fact]
    public async Task Lists_are_paged_and_filtered()
    {
        for (var i = 0; i < 5; i++)
        {
            await With<CreateTeamHandler, C.Team>(h => h.HandleAsync(new C.CreateTeamRequest { Name = $"Paging team {i}", Locality = "paging-town", ServiceLine = C.ServiceLine.OlderPeople }, default));
        }

        var first = await With<ListTeamsHandler, C.ListTeamsResponse>(h => h.HandleAsync(new C.ListTeamsRequest { Locality = "paging-town", PageSize = 2 }, default));
        var second = await With<ListTeamsHandler, C.ListTeamsResponse>(h => h.HandleAsync(new C.ListTeamsRequest { Locality = "paging-town", PageSize = 2, PageToken = first.NextPageToken }, default));
        var third = await With<ListTeamsHandler, C.ListTeamsResponse>(h => h.HandleAsync(new C.ListTeamsRequest { Locality = "paging-town", PageSize = 2, PageToken = second.NextPageToken }, default));

        Assert.Equal(["Paging team 0", "Paging team 1"], first.Teams.Select(t => t.Name));
        Assert.Equal(["Paging team 2", "Paging team 3"], second.Teams.Select(t => t.Name));
        Assert.Equal(["Paging team 4"], third.Teams.Select(t => t.Name));
        Assert.Equal("", third.NextPageToken);
    }

    [Fact]
    public async Task Paging_while_teams_are_added_sees_every_team_once_and_a_foreign_token_is_refused()
    {
        async Task<C.Team> CreateAsync(string name) =>
            await With<CreateTeamHandler, C.Team>(h => h.HandleAsync(new C.CreateTeamRequest { Name = name, Locality = "paging", ServiceLine = C.ServiceLine.AdultCommunity }, default));

        var existing = new List<string>();
        for (var i = 10; i < 22; i++)
        {
            existing.Add((await CreateAsync($"Team {i}")).TeamId);
        }

        var seen = new List<string>();
        var token = "";
        var page = 0;
        do
        {
            var answer = await With<ListTeamsHandler, C.ListTeamsResponse>(h => h.HandleAsync(new C.ListTeamsRequest { Locality = "paging", PageSize = 5, PageToken = token }, default));
            seen.AddRange(answer.Teams.Select(t => t.TeamId));
            token = answer.NextPageToken;
            if (page++ == 0)
            {
                // Inserted before the position reached (an offset would then repeat two rows) and after it.
                await CreateAsync("Team 00");
                await CreateAsync("Team 01");
                await CreateAsync("Team 30");
            }
        }
        while (token.Length > 0);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(existing, id => Assert.Contains(id, seen));
        Assert.Equal(existing.Count + 1, seen.Count); // "Team 30" comes after the position, so it is seen; the two before it are not

        // A well-formed token with keys that are not this list's (base64url of ["not a key"]).
        var refused = await Assert.ThrowsAsync<InvalidFieldException>(() =>
            With<ListTeamsHandler, C.ListTeamsResponse>(h => h.HandleAsync(new C.ListTeamsRequest { PageToken = "WyJub3QgYSBrZXkiXQ", PageSize = 5 }, default)));
        Assert.Equal("page_token", refused.Field);
    }
}
