using FluentValidation;
using PeerPlatform.Grpc;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class RejectApplicantValidator : AbstractValidator<C.RejectApplicantRequest>
{
    public RejectApplicantValidator()
    {
        RuleFor(r => r.ApplicantId).RecordId("an applicant");
        RuleFor(r => r.Reason).IsInEnum().NotEqual(C.RejectionReason.Unspecified).WithMessage("The reason is required.");
        RuleFor(r => r.Note).MaximumLength(1000);
    }
}

/// <summary>The applicant is not appointed, for a stated reason.</summary>
internal sealed class RejectApplicantHandler(ApplicantChange change)
{
    public Task<C.Applicant> HandleAsync(C.RejectApplicantRequest request, CancellationToken cancellationToken) =>
        change.ApplyAsync(request.ApplicantId, a => a.Reject((RejectionReason)request.Reason, request.Note.Length > 0 ? request.Note : null), cancellationToken);
}
