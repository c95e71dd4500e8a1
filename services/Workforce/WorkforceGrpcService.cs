using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using PeerPlatform.Workforce.Caseload;
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
    [Idempotent]
    public override Task<C.Team> CreateTeam(C.CreateTeamRequest request, ServerCallContext context) =>
        services.GetRequiredService<CreateTeamHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.Team> GetTeam(C.GetTeamRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetTeamHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.ListTeamsResponse> ListTeams(C.ListTeamsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListTeamsHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.Team> RecordTeamTraining(C.RecordTeamTrainingRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordTeamTrainingHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.Team> RecordRoleAgreement(C.RecordRoleAgreementRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordRoleAgreementHandler>().HandleAsync(request, context.CancellationToken);

    [Idempotent]
    public override Task<C.Vacancy> OpenVacancy(C.OpenVacancyRequest request, ServerCallContext context) =>
        services.GetRequiredService<OpenVacancyHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.ListVacanciesResponse> ListVacancies(C.ListVacanciesRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListVacanciesHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Applicant, AuditAction.Create, idField: "vacancy_id")]
    [Idempotent]
    public override Task<C.Applicant> AddApplicant(C.AddApplicantRequest request, ServerCallContext context) =>
        services.GetRequiredService<AddApplicantHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Applicant, AuditAction.List, idField: "vacancy_id")]
    public override Task<C.ListApplicantsResponse> ListApplicants(C.ListApplicantsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListApplicantsHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Applicant, AuditAction.Read, idField: "applicant_id")]
    public override Task<C.Applicant> GetApplicant(C.GetApplicantRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetApplicantHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Applicant, AuditAction.Update, idField: "applicant_id")]
    public override Task<C.Applicant> AdvanceApplicant(C.AdvanceApplicantRequest request, ServerCallContext context) =>
        services.GetRequiredService<AdvanceApplicantHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Applicant, AuditAction.Update, idField: "applicant_id")]
    public override Task<C.Applicant> RejectApplicant(C.RejectApplicantRequest request, ServerCallContext context) =>
        services.GetRequiredService<RejectApplicantHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Applicant, AuditAction.Update, idField: "applicant_id")]
    public override Task<C.Applicant> WithdrawApplicant(C.WithdrawApplicantRequest request, ServerCallContext context) =>
        services.GetRequiredService<WithdrawApplicantHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Applicant, AuditAction.Update, idField: "applicant_id")]
    public override Task<C.Applicant> RecordCheck(C.RecordCheckRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordCheckHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Applicant, AuditAction.Update, idField: "applicant_id")]
    public override Task<C.PeerWorker> HireApplicant(C.HireApplicantRequest request, ServerCallContext context) =>
        services.GetRequiredService<HireApplicantHandler>().HandleAsync(request, context.CancellationToken);

    [Idempotent]
    public override Task<C.TrainingModule> CreateTrainingModule(C.CreateTrainingModuleRequest request, ServerCallContext context) =>
        services.GetRequiredService<CreateTrainingModuleHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.ListTrainingModulesResponse> ListTrainingModules(C.ListTrainingModulesRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListTrainingModulesHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.TrainingModule> RetireTrainingModule(C.RetireTrainingModuleRequest request, ServerCallContext context) =>
        services.GetRequiredService<RetireTrainingModuleHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.PeerWorker> RecordTrainingCompletion(C.RecordTrainingCompletionRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordTrainingCompletionHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.PeerWorker> GetWorker(C.GetWorkerRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetWorkerHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.ListWorkersResponse> ListWorkers(C.ListWorkersRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListWorkersHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.PeerWorker> ChangeWorkerStatus(C.ChangeWorkerStatusRequest request, ServerCallContext context) =>
        services.GetRequiredService<ChangeWorkerStatusHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.PeerWorker> RecordLeaving(C.RecordLeavingRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordLeavingHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.FindAvailableWorkersResponse> FindAvailableWorkers(C.FindAvailableWorkersRequest request, ServerCallContext context) =>
        services.GetRequiredService<FindAvailableWorkersHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.CaseloadReservation> ReserveCaseloadSlot(C.ReserveCaseloadSlotRequest request, ServerCallContext context) =>
        services.GetRequiredService<ReserveCaseloadSlotHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.CaseloadReservation> ReleaseCaseloadSlot(C.ReleaseCaseloadSlotRequest request, ServerCallContext context) =>
        services.GetRequiredService<ReleaseCaseloadSlotHandler>().HandleAsync(request, context.CancellationToken);
}
