using PeerPlatform.ServiceDefaults.Idempotency;
using Google.Api;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Outcomes.Questionnaires;
using PeerPlatform.Outcomes.Reports;
using PeerPlatform.Outcomes.Spells;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Security;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes;

/// <summary>peer.outcomes.v1.OutcomesService: aggregate reports, for trust systems, operators and administrators.</summary>
[Authorize(Policy = PeerPolicies.Reports)]
internal sealed class OutcomesGrpcService(IServiceProvider services) : C.OutcomesService.OutcomesServiceBase
{
    private ProgrammeReportBuilder Programme => services.GetRequiredService<ProgrammeReportBuilder>();

    public override Task<C.OutcomesSummary> GetSummary(C.GetSummaryRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetSummaryHandler>().HandleAsync(context.CancellationToken);

    public override Task<C.ProgrammeReport> GetProgrammeReport(C.GetProgrammeReportRequest request, ServerCallContext context) =>
        Programme.BuildAsync(request, context.CancellationToken);

    public override async Task<HttpBody> ExportProgrammeReport(C.GetProgrammeReportRequest request, ServerCallContext context) =>
        ProgrammeReportBuilder.ToCsv(await Programme.BuildAsync(request, context.CancellationToken));
}

/// <summary>peer.outcomes.v1.SupervisionReportService: supervision figures; partner organisations see their own, suppressed.</summary>
[Authorize(Policy = PeerPolicies.FiguresWithPartners)]
internal sealed class SupervisionReportGrpcService(SupervisionReportBuilder builder) : C.SupervisionReportService.SupervisionReportServiceBase
{
    public override Task<C.SupervisionReport> GetSupervisionReport(C.GetSupervisionReportRequest request, ServerCallContext context) =>
        builder.BuildAsync(request, context.CancellationToken);

    public override async Task<HttpBody> ExportSupervisionReport(C.GetSupervisionReportRequest request, ServerCallContext context) =>
        SupervisionReportBuilder.ToCsv(await builder.BuildAsync(request, context.CancellationToken));
}

/// <summary>peer.outcomes.v1.OutcomesDataService: hospital spells and questionnaire responses from the trust's systems.</summary>
[Authorize(Policy = PeerPolicies.Integrator)]
internal sealed class OutcomesDataGrpcService(IServiceProvider services) : C.OutcomesDataService.OutcomesDataServiceBase
{
    private HospitalSpellHandlers Spells => services.GetRequiredService<HospitalSpellHandlers>();

    [PersonalData(HospitalSpellHandlers.AuditedRecord, AuditAction.Update)]
    public override Task<C.HospitalSpell> RecordHospitalSpell(C.RecordHospitalSpellRequest request, ServerCallContext context) =>
        Spells.RecordAsync(request, context.CancellationToken);

    [PersonalData(HospitalSpellHandlers.AuditedRecord, AuditAction.List)]
    public override Task<C.ListHospitalSpellsResponse> ListHospitalSpells(C.ListHospitalSpellsRequest request, ServerCallContext context) =>
        Spells.ListAsync(request, context.CancellationToken);

    public override Task<C.ListInstrumentsResponse> ListInstruments(C.ListInstrumentsRequest request, ServerCallContext context) =>
        Task.FromResult(QuestionnaireHandlers.ListInstruments());

    [PersonalData(QuestionnaireHandlers.AuditedRecord, AuditAction.Create)]
    [Idempotent]
    public override Task<C.QuestionnaireResponse> SubmitQuestionnaireResponse(C.SubmitQuestionnaireResponseRequest request, ServerCallContext context) =>
        services.GetRequiredService<QuestionnaireHandlers>().SubmitAsync(request, context.CancellationToken);
}
