using FluentValidation;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;
using EndReason = PeerPlatform.Referral.Domain.EndReason;

namespace PeerPlatform.Referral.Referrals;

internal sealed class EndEngagementValidator : AbstractValidator<C.EndEngagementRequest>
{
    public EndEngagementValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.Reason).IsInEnum().NotEqual(C.EndReason.Unspecified).WithMessage("The reason is required.")
            .NotEqual(C.EndReason.ConsentWithdrawn).WithMessage("Use WithdrawConsent when the client withdraws consent.");
        RuleFor(r => r.Note).MaximumLength(1000);
    }
}

/// <summary>Ends an engagement that started, with a reason (→ ENDED).</summary>
internal sealed class EndEngagementHandler(ReferralStep step, Caller caller)
{
    public Task<C.Referral> HandleAsync(C.EndEngagementRequest request, CancellationToken cancellationToken) =>
        step.ApplyAsync(request.ReferralId, (referral, now) =>
        {
            var reason = (EndReason)request.Reason;
            referral.End(reason, request.Note, caller.ClientId, now);
            return [new EngagementEnded(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, referral.AssignedWorkerId, ReferralStep.Code(reason))];
        }, cancellationToken);
}
