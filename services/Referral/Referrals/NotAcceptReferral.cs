using FluentValidation;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal sealed class NotAcceptReferralValidator : AbstractValidator<C.NotAcceptReferralRequest>
{
    public NotAcceptReferralValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }
}

/// <summary>Triage does not accept the referral, with a reason (CONSENT_GIVEN → NOT_ACCEPTED).</summary>
internal sealed class NotAcceptReferralHandler(ReferralStep step, Caller caller)
{
    public Task<C.Referral> HandleAsync(C.NotAcceptReferralRequest request, CancellationToken cancellationToken) =>
        step.ApplyAsync(request.ReferralId, (referral, now) =>
        {
            referral.NotAccept(request.Reason, caller.ClientId, now);
            return [new ReferralDeclined(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, "not_accepted")];
        }, cancellationToken);
}
