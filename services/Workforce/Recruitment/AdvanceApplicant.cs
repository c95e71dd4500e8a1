using FluentValidation;
using PeerPlatform.Grpc;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class AdvanceApplicantValidator : AbstractValidator<C.AdvanceApplicantRequest>
{
    public AdvanceApplicantValidator()
    {
        RuleFor(r => r.ApplicantId).RecordId("an applicant");
        RuleFor(r => r.Stage).Must(s => s is C.ApplicantStage.Shortlisted or C.ApplicantStage.Interviewed or C.ApplicantStage.Offered)
            .WithMessage("Must be SHORTLISTED, INTERVIEWED or OFFERED; hiring, rejection and withdrawal have their own calls.");
    }
}

/// <summary>Moves an applicant on: shortlisted, interviewed or offered.</summary>
internal sealed class AdvanceApplicantHandler(ApplicantChange change)
{
    public Task<C.Applicant> HandleAsync(C.AdvanceApplicantRequest request, CancellationToken cancellationToken) =>
        change.ApplyAsync(request.ApplicantId, a => a.AdvanceTo((ApplicantStage)request.Stage), cancellationToken);
}
