using FluentValidation;
using PeerPlatform.Grpc;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class WithdrawApplicantValidator : AbstractValidator<C.WithdrawApplicantRequest>
{
    public WithdrawApplicantValidator()
    {
        RuleFor(r => r.ApplicantId).RecordId("an applicant");
        RuleFor(r => r.Note).MaximumLength(1000);
    }
}

/// <summary>The applicant withdraws their application.</summary>
internal sealed class WithdrawApplicantHandler(ApplicantChange change)
{
    public Task<C.Applicant> HandleAsync(C.WithdrawApplicantRequest request, CancellationToken cancellationToken) =>
        change.ApplyAsync(request.ApplicantId, a => a.Withdraw(request.Note.Length > 0 ? request.Note : null), cancellationToken);
}
