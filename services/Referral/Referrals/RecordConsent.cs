using FluentValidation;
using PeerPlatform.Contracts.Events;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal sealed class RecordConsentValidator : AbstractValidator<C.RecordConsentRequest>
{
    public RecordConsentValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.DeclineReason).NotEmpty().When(r => !r.ConsentGiven).WithMessage("A decline needs the client's reason.");
        RuleFor(r => r.DeclineReason).MaximumLength(1000);
    }
}

/// <summary>The client's answer after being told about peer support (→ CONSENT_GIVEN or DECLINED).</summary>
internal sealed class RecordConsentHandler(ReferralStep step, Caller caller)
{
    public Task<C.Referral> HandleAsync(C.RecordConsentRequest request, CancellationToken cancellationToken) =>
        step.ApplyAsync(request.ReferralId, (referral, now) =>
        {
            referral.RecordConsent(request.ConsentGiven, request.DeclineReason, caller.ClientId, now);
            IIntegrationEvent recorded = new ConsentRecorded(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, request.ConsentGiven);
            return request.ConsentGiven
                ? [recorded]
                : [recorded, new ReferralDeclined(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, "client_declined")];
        }, cancellationToken);
}
