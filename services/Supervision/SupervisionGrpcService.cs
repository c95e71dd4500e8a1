using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using PeerPlatform.Supervision.Agreements;
using PeerPlatform.Supervision.Concerns;
using PeerPlatform.Supervision.Figures;
using PeerPlatform.Supervision.Sessions;
using PeerPlatform.Supervision.Supervisors;
using PeerPlatform.Supervision.Workers;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision;

/// <summary>
/// peer.supervision.v1.SupervisionService, natively and as REST. Each RPC names who may call it;
/// partner callers are then held to their own organisation by <see cref="PartnerScope"/>.
/// </summary>
internal sealed class SupervisionGrpcService(IServiceProvider services) : C.SupervisionService.SupervisionServiceBase
{
    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Supervisor, AuditAction.Create)]
    [Idempotent]
    public override Task<C.Supervisor> AddSupervisor(C.AddSupervisorRequest request, ServerCallContext context) =>
        services.GetRequiredService<AddSupervisorHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Supervisor, AuditAction.Read, idField: "supervisor_id")]
    public override Task<C.Supervisor> GetSupervisor(C.GetSupervisorRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetSupervisorHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Supervisor, AuditAction.List)]
    public override Task<C.ListSupervisorsResponse> ListSupervisors(C.ListSupervisorsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListSupervisorsHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Supervisor, AuditAction.Update, idField: "supervisor_id")]
    public override Task<C.Supervisor> RecordSupervisorTraining(C.RecordSupervisorTrainingRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordSupervisorTrainingHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Supervisor, AuditAction.Update, idField: "supervisor_id")]
    public override Task<C.Supervisor> DeactivateSupervisor(C.DeactivateSupervisorRequest request, ServerCallContext context) =>
        services.GetRequiredService<DeactivateSupervisorHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Integrator)]
    public override Task<C.ListSupervisedWorkersResponse> ListSupervisedWorkers(C.ListSupervisedWorkersRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListSupervisedWorkersHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Integrator)]
    [PersonalData(AuditedRecords.Agreement, AuditAction.Create)]
    [Idempotent]
    public override Task<C.Agreement> CreateAgreement(C.CreateAgreementRequest request, ServerCallContext context) =>
        services.GetRequiredService<CreateAgreementHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.TrustOrPartner)]
    [PersonalData(AuditedRecords.Agreement, AuditAction.Read, idField: "agreement_id")]
    public override Task<C.Agreement> GetAgreement(C.GetAgreementRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetAgreementHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.TrustOrPartner)]
    [PersonalData(AuditedRecords.Agreement, AuditAction.List)]
    public override Task<C.ListAgreementsResponse> ListAgreements(C.ListAgreementsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListAgreementsHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Integrator)]
    [PersonalData(AuditedRecords.Agreement, AuditAction.Update, idField: "agreement_id")]
    public override Task<C.Agreement> EndAgreement(C.EndAgreementRequest request, ServerCallContext context) =>
        services.GetRequiredService<EndAgreementHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Session, AuditAction.Create)]
    [Idempotent]
    public override Task<C.Session> ScheduleSession(C.ScheduleSessionRequest request, ServerCallContext context) =>
        services.GetRequiredService<ScheduleSessionHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.SupervisionSessions)]
    [PersonalData(AuditedRecords.Session, AuditAction.Read, idField: "session_id")]
    public override Task<C.Session> GetSession(C.GetSessionRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetSessionHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.SupervisionSessions)]
    [PersonalData(AuditedRecords.Session, AuditAction.List)]
    public override Task<C.ListSessionsResponse> ListSessions(C.ListSessionsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListSessionsHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Session, AuditAction.Update, idField: "session_id")]
    public override Task<C.Session> RecordSessionHeld(C.RecordSessionHeldRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordSessionHeldHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Session, AuditAction.Update, idField: "session_id")]
    public override Task<C.Session> CancelSession(C.CancelSessionRequest request, ServerCallContext context) =>
        services.GetRequiredService<CancelSessionHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Session, AuditAction.Update, idField: "session_id")]
    public override Task<C.Session> RecordSessionMissed(C.RecordSessionMissedRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordSessionMissedHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Session, AuditAction.Update, idField: "session_id")]
    public override Task<C.Session> CompleteSessionAction(C.CompleteSessionActionRequest request, ServerCallContext context) =>
        services.GetRequiredService<CompleteSessionActionHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Partner)]
    [PersonalData(AuditedRecords.Concern, AuditAction.Create)]
    [Idempotent]
    public override Task<C.Concern> RaiseConcern(C.RaiseConcernRequest request, ServerCallContext context) =>
        services.GetRequiredService<RaiseConcernHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.TrustOrPartner)]
    [PersonalData(AuditedRecords.Concern, AuditAction.Read, idField: "concern_id")]
    public override Task<C.Concern> GetConcern(C.GetConcernRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetConcernHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.TrustOrPartner)]
    [PersonalData(AuditedRecords.Concern, AuditAction.List)]
    public override Task<C.ListConcernsResponse> ListConcerns(C.ListConcernsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListConcernsHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.Integrator)]
    [PersonalData(AuditedRecords.Concern, AuditAction.Update, idField: "concern_id")]
    public override Task<C.Concern> AcknowledgeConcern(C.AcknowledgeConcernRequest request, ServerCallContext context) =>
        services.GetRequiredService<AcknowledgeConcernHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.FiguresWithPartners)]
    public override Task<C.WorkerCompliance> GetWorkerCompliance(C.GetWorkerComplianceRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetWorkerComplianceHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.FiguresWithPartners)]
    public override Task<C.ListOverdueWorkersResponse> ListOverdueWorkers(C.ListOverdueWorkersRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListOverdueWorkersHandler>().HandleAsync(request, context.CancellationToken);

    [Authorize(Policy = PeerPolicies.FiguresWithPartners)]
    public override Task<C.GetComplianceRatesResponse> GetComplianceRates(C.GetComplianceRatesRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetComplianceRatesHandler>().HandleAsync(request, context.CancellationToken);
}
