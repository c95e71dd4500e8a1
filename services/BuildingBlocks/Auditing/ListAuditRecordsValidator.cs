using FluentValidation;
using PeerPlatform.Contracts.Audit.V1;

namespace PeerPlatform.Auditing;

internal sealed class ListAuditRecordsValidator : AbstractValidator<ListAuditRecordsRequest>
{
    public ListAuditRecordsValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, AuditQuery<Microsoft.EntityFrameworkCore.DbContext>.MaxPageSize);
        RuleFor(r => r.BeforeId).GreaterThanOrEqualTo(0);
        RuleFor(r => r.RecordType).MaximumLength(60);
        RuleFor(r => r.RecordId).MaximumLength(100);
        RuleFor(r => r.ClientId).MaximumLength(200);
        RuleFor(r => r.PersonId).MaximumLength(100);
        RuleFor(r => r.OccurredTo)
            .Must((request, to) => to is null || request.OccurredFrom is null || to.ToDateTimeOffset() > request.OccurredFrom.ToDateTimeOffset())
            .WithMessage("Must be after occurredFrom.");
    }
}
