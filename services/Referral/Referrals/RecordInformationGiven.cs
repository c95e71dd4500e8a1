using FluentValidation;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;
using InformationMethod = PeerPlatform.Referral.Domain.InformationMethod;

namespace PeerPlatform.Referral.Referrals;

internal sealed class RecordInformationGivenValidator : AbstractValidator<C.RecordInformationGivenRequest>
{
    public RecordInformationGivenValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.GivenBy).NotEmpty().MaximumLength(200);
        RuleFor(r => r.GivenOn).IsoDate();
        RuleFor(r => r.Method).IsInEnum().NotEqual(C.InformationMethod.Unspecified).WithMessage("Say how peer support was explained.");
    }
}

/// <summary>Someone explained peer support to the client: who, when and how (RECEIVED → INFORMATION_GIVEN).</summary>
internal sealed class RecordInformationGivenHandler(ReferralStep step, Caller caller)
{
    public Task<C.Referral> HandleAsync(C.RecordInformationGivenRequest request, CancellationToken cancellationToken) =>
        step.ApplyAsync(request.ReferralId, (referral, now) =>
        {
            var method = (InformationMethod)request.Method;
            referral.RecordInformationGiven(request.GivenBy, IsoDates.ParseIsoDate(request.GivenOn), method, caller.ClientId, now);
            return [new InformationGiven(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, referral.InformationGivenOn!.Value, ReferralStep.Code(method))];
        }, cancellationToken);
}
