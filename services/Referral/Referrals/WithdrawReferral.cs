using FluentValidation;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal sealed class WithdrawReferralValidator : AbstractValidator<C.WithdrawReferralRequest>
{
    public WithdrawReferralValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }
}

/// <summary>Withdraws the referral at any point before it ended (→ WITHDRAWN).</summary>
internal sealed class WithdrawReferralHandler(ReferralStep step, Caller caller)
{
    public Task<C.Referral> HandleAsync(C.WithdrawReferralRequest request, CancellationToken cancellationToken) =>
        step.ApplyAsync(request.ReferralId, (referral, now) =>
        {
            referral.Withdraw(request.Reason, caller.ClientId, now);
            return [new ReferralWithdrawn(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId)];
        }, cancellationToken);
}
