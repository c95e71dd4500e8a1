using FluentValidation;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal sealed class AcceptReferralValidator : AbstractValidator<C.AcceptReferralRequest>
{
    public AcceptReferralValidator() => RuleFor(r => r.ReferralId).RecordId("a referral");
}

/// <summary>Triage accepts the referral for peer support (CONSENT_GIVEN → ACCEPTED).</summary>
internal sealed class AcceptReferralHandler(ReferralStep step, Caller caller)
{
    public Task<C.Referral> HandleAsync(C.AcceptReferralRequest request, CancellationToken cancellationToken) =>
        step.ApplyAsync(request.ReferralId, (referral, now) =>
        {
            referral.Accept(caller.ClientId, now);
            return [new ReferralAccepted(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId)];
        }, cancellationToken);
}
