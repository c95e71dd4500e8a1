using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Outcomes.Questionnaires;
using PeerPlatform.Outcomes.Spells;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes;

/// <summary>peer.outcomes.v1.OutcomesDataService: hospital spells and questionnaire responses from the trust's systems.</summary>
[Authorize(Policy = PeerPolicies.Integrator)]
internal sealed class OutcomesDataGrpcService(IServiceProvider services) : C.OutcomesDataService.OutcomesDataServiceBase
{
    [PersonalData(AuditedRecords.HospitalSpell, AuditAction.Update)]
    public override Task<C.HospitalSpell> RecordHospitalSpell(C.RecordHospitalSpellRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordHospitalSpellHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.HospitalSpell, AuditAction.List)]
    public override Task<C.ListHospitalSpellsResponse> ListHospitalSpells(C.ListHospitalSpellsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListHospitalSpellsHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.HospitalSpell, AuditAction.Read, idField: "spell_id")]
    public override Task<C.HospitalSpell> GetHospitalSpell(C.GetHospitalSpellRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetHospitalSpellHandler>().HandleAsync(request, context.CancellationToken);

    public override Task<C.ListInstrumentsResponse> ListInstruments(C.ListInstrumentsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListInstrumentsHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.QuestionnaireResponse, AuditAction.Create)]
    [Idempotent]
    public override Task<C.QuestionnaireResponse> SubmitQuestionnaireResponse(C.SubmitQuestionnaireResponseRequest request, ServerCallContext context) =>
        services.GetRequiredService<SubmitQuestionnaireResponseHandler>().HandleAsync(request, context.CancellationToken);
}
