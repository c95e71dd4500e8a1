using FluentValidation;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.Security;
using C = PeerPlatform.Contracts.Referral.V1;
using ContactMode = PeerPlatform.Referral.Domain.ContactMode;

namespace PeerPlatform.Referral.Referrals;

internal sealed class RecordContactValidator : AbstractValidator<C.RecordContactRequest>
{
    public RecordContactValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.ContactAt).NotNull().WithMessage("When the contact happened is required.");
        RuleFor(r => r.DurationMinutes).InclusiveBetween(1, 600);
        RuleFor(r => r.Mode).IsInEnum().NotEqual(C.ContactMode.Unspecified).WithMessage("The contact's mode is required.");
        RuleFor(r => r.Notes).MaximumLength(4000);
    }
}

/// <summary>A contact with the client; the first starts the engagement (→ ACTIVE). Its notes stay in this service.</summary>
internal sealed class RecordContactHandler(ReferralStep step, ReferralDbContext db, Caller caller)
{
    public Task<C.Referral> HandleAsync(C.RecordContactRequest request, CancellationToken cancellationToken) =>
        step.ApplyAsync(request.ReferralId, (referral, now) =>
        {
            var contactAt = request.ContactAt.ToDateTimeOffset();
            var started = referral.RecordContact(contactAt, caller.ClientId, now);
            var mode = (ContactMode)request.Mode;
            var contact = PeerContact.Record(referral.Id, contactAt, request.DurationMinutes, mode, request.Notes, caller.ClientId, now);
            db.PeerContacts.Add(contact);
            var recorded = new PeerContactRecorded(Guid.CreateVersion7(now), now, referral.Id, contact.Id, contactAt, contact.DurationMinutes, ReferralStep.Code(mode));
            return started
                ? [new EngagementStarted(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, referral.AssignedWorkerId, contactAt, referral.ReceivedAt), recorded]
                : [recorded];
        }, cancellationToken);
}
