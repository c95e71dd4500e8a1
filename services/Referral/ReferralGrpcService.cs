using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Clients;
using PeerPlatform.Referral.Referrals;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral;

/// <summary>
/// peer.referral.v1.ReferralService: native gRPC and, through JSON transcoding, REST/JSON.
/// Requests arrive here authenticated, authorized and validated (see GrpcErrorInterceptor).
/// </summary>
[Authorize(Policy = PeerPolicies.Integrator)]
internal sealed class ReferralGrpcService(IServiceProvider services, Caller caller) : C.ReferralService.ReferralServiceBase
{
    [PersonalData(AuditedRecords.Referral, AuditAction.Create)]
    [Idempotent]
    public override Task<C.Referral> CreateReferral(C.CreateReferralRequest request, ServerCallContext context) =>
        services.GetRequiredService<CreateReferralHandler>().HandleAsync(request, caller.ClientId, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Read, idField: "referral_id")]
    public override Task<C.Referral> GetReferral(C.GetReferralRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetReferralHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Update, idField: "referral_id")]
    public override Task<C.Referral> RecordInformationGiven(C.RecordInformationGivenRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordInformationGivenHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Update, idField: "referral_id")]
    public override Task<C.Referral> RecordConsent(C.RecordConsentRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordConsentHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Update, idField: "referral_id")]
    public override Task<C.Referral> AcceptReferral(C.AcceptReferralRequest request, ServerCallContext context) =>
        services.GetRequiredService<AcceptReferralHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Update, idField: "referral_id")]
    public override Task<C.Referral> NotAcceptReferral(C.NotAcceptReferralRequest request, ServerCallContext context) =>
        services.GetRequiredService<NotAcceptReferralHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Update, idField: "referral_id")]
    public override Task<C.Referral> MatchReferral(C.MatchReferralRequest request, ServerCallContext context) =>
        services.GetRequiredService<MatchReferralHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Update, idField: "referral_id")]
    [Idempotent]
    public override Task<C.Referral> RecordContact(C.RecordContactRequest request, ServerCallContext context) =>
        services.GetRequiredService<RecordContactHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Contact, AuditAction.Read, idField: "contact_id")]
    public override Task<C.Contact> GetContact(C.GetContactRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetContactHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Contact, AuditAction.List)]
    public override Task<C.ListContactsResponse> ListContacts(C.ListContactsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListContactsHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Update, idField: "referral_id")]
    public override Task<C.Referral> EndEngagement(C.EndEngagementRequest request, ServerCallContext context) =>
        services.GetRequiredService<EndEngagementHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Update, idField: "referral_id")]
    public override Task<C.Referral> WithdrawReferral(C.WithdrawReferralRequest request, ServerCallContext context) =>
        services.GetRequiredService<WithdrawReferralHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.Update, idField: "referral_id")]
    public override Task<C.Referral> WithdrawConsent(C.WithdrawConsentRequest request, ServerCallContext context) =>
        services.GetRequiredService<WithdrawConsentHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Referral, AuditAction.List)]
    public override Task<C.ListReferralsResponse> ListReferrals(C.ListReferralsRequest request, ServerCallContext context) =>
        services.GetRequiredService<ListReferralsHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Client, AuditAction.Read, idField: "client_id")]
    public override Task<C.Client> GetClient(C.GetClientRequest request, ServerCallContext context) =>
        services.GetRequiredService<GetClientHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Client, AuditAction.Read)]
    public override Task<C.Client> FindClient(C.FindClientRequest request, ServerCallContext context) =>
        services.GetRequiredService<FindClientHandler>().HandleAsync(request, context.CancellationToken);

    [PersonalData(AuditedRecords.Client, AuditAction.Update, idField: "client_id")]
    public override Task<C.Client> CorrectClientDetails(C.CorrectClientDetailsRequest request, ServerCallContext context) =>
        services.GetRequiredService<CorrectClientDetailsHandler>().HandleAsync(request, context.CancellationToken);
}
