using FluentValidation;
using PeerPlatform.Contracts.Events;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;
using EndReason = PeerPlatform.Referral.Domain.EndReason;

namespace PeerPlatform.Referral.Referrals;

internal sealed class WithdrawConsentValidator : AbstractValidator<C.WithdrawConsentRequest>
{
    public WithdrawConsentValidator() => RuleFor(r => r.ReferralId).RecordId("a referral");
}

/// <summary>The client withdraws consent: an engagement that started ends, an earlier referral is withdrawn.</summary>
internal sealed class WithdrawConsentHandler(ReferralStep step, Caller caller)
{
    public Task<C.Referral> HandleAsync(C.WithdrawConsentRequest request, CancellationToken cancellationToken) =>
        step.ApplyAsync(request.ReferralId, (referral, now) =>
        {
            referral.WithdrawConsent(caller.ClientId, now);
            IIntegrationEvent withdrawn = new ConsentWithdrawn(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId);
            return referral.Status == Domain.ReferralStatus.Ended
                ? [withdrawn, new EngagementEnded(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, referral.AssignedWorkerId, ReferralStep.Code(EndReason.ConsentWithdrawn))]
                : [withdrawn, new ReferralWithdrawn(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId)];
        }, cancellationToken);
}
