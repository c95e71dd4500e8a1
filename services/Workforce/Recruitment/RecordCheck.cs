using FluentValidation;
using PeerPlatform.Grpc;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

internal sealed class RecordCheckValidator : AbstractValidator<C.RecordCheckRequest>
{
    public RecordCheckValidator()
    {
        RuleFor(r => r.ApplicantId).RecordId("an applicant");
        RuleFor(r => r.Kind).IsInEnum().NotEqual(C.CheckKind.Unspecified).WithMessage("Say which check: REFERENCES or DBS.");
        RuleFor(r => r.Status).IsInEnum().NotEqual(C.CheckStatus.Unspecified).WithMessage("The check's status is required.");
    }
}

/// <summary>A pre-employment check's result: references or DBS.</summary>
internal sealed class RecordCheckHandler(ApplicantChange change)
{
    public Task<C.Applicant> HandleAsync(C.RecordCheckRequest request, CancellationToken cancellationToken) =>
        change.ApplyAsync(request.ApplicantId, a =>
        {
            if (request.Kind == C.CheckKind.References)
            {
                a.RecordReferences((CheckStatus)request.Status);
            }
            else
            {
                a.RecordDbs((CheckStatus)request.Status);
            }
        }, cancellationToken);
}
