using PeerPlatform.ServiceDefaults.Idempotency;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Security;
using PeerPlatform.Workforce.Recruitment;
using PeerPlatform.Workforce.Teams;
using PeerPlatform.Workforce.Training;
using PeerPlatform.Workforce.Workers;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce;

/// <summary>
/// peer.workforce.v1.WorkforceService, natively and as REST. The trust's systems (integrators)
/// run recruitment, training and employment; the Referral service's matching uses the caseload
/// calls with the caller's token.
/// </summary>
[Authorize(Policy = PeerPolicies.Integrator)]
internal sealed class WorkforceGrpcService(IServiceProvider services) : C.WorkforceService.WorkforceServiceBase
{
    private TeamHandlers Teams => services.GetRequiredService<TeamHandlers>();

    private RecruitmentHandlers Recruitment => services.GetRequiredService<RecruitmentHandlers>();

    private TrainingHandlers Training => services.GetRequiredService<TrainingHandlers>();

    private WorkerHandlers Workers => services.GetRequiredService<WorkerHandlers>();

    private CaseloadHandlers Caseload => services.GetRequiredService<CaseloadHandlers>();

    [Idempotent]
    public override Task<C.Team> CreateTeam(C.CreateTeamRequest request, ServerCallContext context) => Teams.CreateAsync(request, context.CancellationToken);

    public override Task<C.Team> GetTeam(C.GetTeamRequest request, ServerCallContext context) => Teams.GetAsync(request, context.CancellationToken);

    public override Task<C.ListTeamsResponse> ListTeams(C.ListTeamsRequest request, ServerCallContext context) => Teams.ListAsync(request, context.CancellationToken);

    public override Task<C.Team> RecordTeamTraining(C.RecordTeamTrainingRequest request, ServerCallContext context) => Teams.RecordTrainingAsync(request, context.CancellationToken);

    public override Task<C.Team> RecordRoleAgreement(C.RecordRoleAgreementRequest request, ServerCallContext context) => Teams.RecordRoleAgreementAsync(request, context.CancellationToken);

    [Idempotent]
    public override Task<C.Vacancy> OpenVacancy(C.OpenVacancyRequest request, ServerCallContext context) => Recruitment.OpenVacancyAsync(request, context.CancellationToken);

    public override Task<C.ListVacanciesResponse> ListVacancies(C.ListVacanciesRequest request, ServerCallContext context) => Recruitment.ListVacanciesAsync(request, context.CancellationToken);

    [PersonalData("Applicant", AuditAction.Create, idField: "vacancy_id")]
    [Idempotent]
    public override Task<C.Applicant> AddApplicant(C.AddApplicantRequest request, ServerCallContext context) => Recruitment.AddApplicantAsync(request, context.CancellationToken);

    [PersonalData("Applicant", AuditAction.List, idField: "vacancy_id")]
    public override Task<C.ListApplicantsResponse> ListApplicants(C.ListApplicantsRequest request, ServerCallContext context) => Recruitment.ListApplicantsAsync(request, context.CancellationToken);

    [PersonalData("Applicant", AuditAction.Read, idField: "applicant_id")]
    public override Task<C.Applicant> GetApplicant(C.GetApplicantRequest request, ServerCallContext context) => Recruitment.GetApplicantAsync(request, context.CancellationToken);

    [PersonalData("Applicant", AuditAction.Update, idField: "applicant_id")]
    public override Task<C.Applicant> AdvanceApplicant(C.AdvanceApplicantRequest request, ServerCallContext context) => Recruitment.AdvanceAsync(request, context.CancellationToken);

    [PersonalData("Applicant", AuditAction.Update, idField: "applicant_id")]
    public override Task<C.Applicant> RejectApplicant(C.RejectApplicantRequest request, ServerCallContext context) => Recruitment.RejectAsync(request, context.CancellationToken);

    [PersonalData("Applicant", AuditAction.Update, idField: "applicant_id")]
    public override Task<C.Applicant> WithdrawApplicant(C.WithdrawApplicantRequest request, ServerCallContext context) => Recruitment.WithdrawAsync(request, context.CancellationToken);

    [PersonalData("Applicant", AuditAction.Update, idField: "applicant_id")]
    public override Task<C.Applicant> RecordCheck(C.RecordCheckRequest request, ServerCallContext context) => Recruitment.RecordCheckAsync(request, context.CancellationToken);

    [PersonalData("Applicant", AuditAction.Update, idField: "applicant_id")]
    public override Task<C.PeerWorker> HireApplicant(C.HireApplicantRequest request, ServerCallContext context) => Recruitment.HireAsync(request, context.CancellationToken);

    [Idempotent]
    public override Task<C.TrainingModule> CreateTrainingModule(C.CreateTrainingModuleRequest request, ServerCallContext context) => Training.CreateModuleAsync(request, context.CancellationToken);

    public override Task<C.ListTrainingModulesResponse> ListTrainingModules(C.ListTrainingModulesRequest request, ServerCallContext context) => Training.ListModulesAsync(context.CancellationToken);

    public override Task<C.TrainingModule> RetireTrainingModule(C.RetireTrainingModuleRequest request, ServerCallContext context) => Training.RetireModuleAsync(request, context.CancellationToken);

    public override Task<C.PeerWorker> RecordTrainingCompletion(C.RecordTrainingCompletionRequest request, ServerCallContext context) => Training.RecordCompletionAsync(request, context.CancellationToken);

    public override Task<C.PeerWorker> GetWorker(C.GetWorkerRequest request, ServerCallContext context) => Workers.GetAsync(request, context.CancellationToken);

    public override Task<C.ListWorkersResponse> ListWorkers(C.ListWorkersRequest request, ServerCallContext context) => Workers.ListAsync(request, context.CancellationToken);

    public override Task<C.PeerWorker> ChangeWorkerStatus(C.ChangeWorkerStatusRequest request, ServerCallContext context) => Workers.ChangeStatusAsync(request, context.CancellationToken);

    public override Task<C.PeerWorker> RecordLeaving(C.RecordLeavingRequest request, ServerCallContext context) => Workers.RecordLeavingAsync(request, context.CancellationToken);

    public override Task<C.FindAvailableWorkersResponse> FindAvailableWorkers(C.FindAvailableWorkersRequest request, ServerCallContext context) => Caseload.FindAsync(request, context.CancellationToken);

    public override Task<C.CaseloadReservation> ReserveCaseloadSlot(C.ReserveCaseloadSlotRequest request, ServerCallContext context) => Caseload.ReserveAsync(request, context.CancellationToken);

    public override Task<C.CaseloadReservation> ReleaseCaseloadSlot(C.ReleaseCaseloadSlotRequest request, ServerCallContext context) => Caseload.ReleaseAsync(request, context.CancellationToken);
}
