using FluentValidation;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Contracts.Referral.V1;
using ContactMode = PeerPlatform.Referral.Domain.ContactMode;
using EndReason = PeerPlatform.Referral.Domain.EndReason;
using InformationMethod = PeerPlatform.Referral.Domain.InformationMethod;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Security;
using PeerPlatform.ServiceDefaults.Validation;
using C = PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Referral.Referrals;

internal sealed class RecordInformationGivenValidator : AbstractValidator<RecordInformationGivenRequest>
{
    public RecordInformationGivenValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.GivenBy).NotEmpty().MaximumLength(200);
        RuleFor(r => r.GivenOn).IsoDate();
        RuleFor(r => r.Method).IsInEnum().NotEqual(C.InformationMethod.Unspecified).WithMessage("Say how peer support was explained.");
    }
}

internal sealed class RecordConsentValidator : AbstractValidator<RecordConsentRequest>
{
    public RecordConsentValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.DeclineReason).NotEmpty().When(r => !r.ConsentGiven).WithMessage("A decline needs the client's reason.");
        RuleFor(r => r.DeclineReason).MaximumLength(1000);
    }
}

internal sealed class AcceptReferralValidator : AbstractValidator<AcceptReferralRequest>
{
    public AcceptReferralValidator() => RuleFor(r => r.ReferralId).RecordId("a referral");
}

internal sealed class NotAcceptReferralValidator : AbstractValidator<NotAcceptReferralRequest>
{
    public NotAcceptReferralValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }
}

internal sealed class RecordContactValidator : AbstractValidator<RecordContactRequest>
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

internal sealed class EndEngagementValidator : AbstractValidator<EndEngagementRequest>
{
    public EndEngagementValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.Reason).IsInEnum().NotEqual(C.EndReason.Unspecified).WithMessage("The reason is required.")
            .NotEqual(C.EndReason.ConsentWithdrawn).WithMessage("Use WithdrawConsent when the client withdraws consent.");
        RuleFor(r => r.Note).MaximumLength(1000);
    }
}

internal sealed class WithdrawReferralValidator : AbstractValidator<WithdrawReferralRequest>
{
    public WithdrawReferralValidator()
    {
        RuleFor(r => r.ReferralId).RecordId("a referral");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }
}

internal sealed class WithdrawConsentValidator : AbstractValidator<WithdrawConsentRequest>
{
    public WithdrawConsentValidator() => RuleFor(r => r.ReferralId).RecordId("a referral");
}

/// <summary>
/// The client's journey after the referral arrives. Each step loads the referral, lets the
/// aggregate apply its rules (the hard rule among them), and commits the change, its audit record
/// and its integration event together.
/// </summary>
internal sealed class ReferralJourneyHandlers(ReferralDbContext db, Outbox<ReferralDbContext> outbox, IAuditTrail audit, Caller caller, IOptions<ProgrammeTargets> options, TimeProvider clock)
{
    public Task<C.Referral> RecordInformationGivenAsync(RecordInformationGivenRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ReferralId, (referral, now) =>
        {
            var method = (InformationMethod)request.Method;
            referral.RecordInformationGiven(request.GivenBy, ValidationRules.ParseIsoDate(request.GivenOn), method, caller.ClientId, now);
            return [new InformationGiven(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, referral.InformationGivenOn!.Value, Code(method))];
        }, cancellationToken);

    public Task<C.Referral> RecordConsentAsync(RecordConsentRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ReferralId, (referral, now) =>
        {
            referral.RecordConsent(request.ConsentGiven, request.DeclineReason, caller.ClientId, now);
            IIntegrationEvent recorded = new ConsentRecorded(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, request.ConsentGiven);
            return request.ConsentGiven
                ? [recorded]
                : [recorded, new ReferralDeclined(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, "client_declined")];
        }, cancellationToken);

    public Task<C.Referral> AcceptAsync(AcceptReferralRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ReferralId, (referral, now) =>
        {
            referral.Accept(caller.ClientId, now);
            return [new ReferralAccepted(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId)];
        }, cancellationToken);

    public Task<C.Referral> NotAcceptAsync(NotAcceptReferralRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ReferralId, (referral, now) =>
        {
            referral.NotAccept(request.Reason, caller.ClientId, now);
            return [new ReferralDeclined(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, "not_accepted")];
        }, cancellationToken);

    public Task<C.Referral> RecordContactAsync(RecordContactRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ReferralId, (referral, now) =>
        {
            var contactAt = request.ContactAt.ToDateTimeOffset();
            var started = referral.RecordContact(contactAt, caller.ClientId, now);
            var mode = (ContactMode)request.Mode;
            var contact = PeerContact.Record(referral.Id, contactAt, request.DurationMinutes, mode, request.Notes, caller.ClientId, now);
            db.PeerContacts.Add(contact);
            var recorded = new PeerContactRecorded(Guid.CreateVersion7(now), now, referral.Id, contact.Id, contactAt, contact.DurationMinutes, Code(mode));
            return started
                ? [new EngagementStarted(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, referral.AssignedWorkerId, contactAt, referral.ReceivedAt), recorded]
                : [recorded];
        }, cancellationToken);

    public Task<C.Referral> EndAsync(EndEngagementRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ReferralId, (referral, now) =>
        {
            var reason = (EndReason)request.Reason;
            referral.End(reason, request.Note, caller.ClientId, now);
            return [new EngagementEnded(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, referral.AssignedWorkerId, Code(reason))];
        }, cancellationToken);

    public Task<C.Referral> WithdrawAsync(WithdrawReferralRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ReferralId, (referral, now) =>
        {
            referral.Withdraw(request.Reason, caller.ClientId, now);
            return [new ReferralWithdrawn(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId)];
        }, cancellationToken);

    public Task<C.Referral> WithdrawConsentAsync(WithdrawConsentRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(request.ReferralId, (referral, now) =>
        {
            referral.WithdrawConsent(caller.ClientId, now);
            IIntegrationEvent withdrawn = new ConsentWithdrawn(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId);
            return referral.Status == Domain.ReferralStatus.Ended
                ? [withdrawn, new EngagementEnded(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId, referral.AssignedWorkerId, Code(EndReason.ConsentWithdrawn))]
                : [withdrawn, new ReferralWithdrawn(Guid.CreateVersion7(now), now, referral.Id, referral.ClientId)];
        }, cancellationToken);

    private async Task<C.Referral> ChangeAsync(string referralId, Func<Domain.Referral, DateTimeOffset, IIntegrationEvent[]> change, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.Include(r => r.History).SingleOrDefaultAsync(r => r.Id == Guid.Parse(referralId), cancellationToken);
        if (referral is null)
        {
            await audit.WriteAsync(AuditedRecords.Referral, referralId, AuditAction.Update, AuditOutcome.NotFound, cancellationToken);
            throw new NotFoundException("Referral", referralId);
        }

        var now = clock.GetUtcNow();
        var events = change(referral, now);
        foreach (var integrationEvent in events)
        {
            outbox.Add(integrationEvent);
        }

        audit.Add(AuditedRecords.Referral, referralId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        ReferralMetrics.Record(events);
        return referral.ToContract(options.Value, now);
    }

    /// <summary>"FaceToFace" → "face_to_face": stable codes for events.</summary>
    private static string Code<TEnum>(TEnum value) where TEnum : struct, Enum => GrpcErrorInterceptor.ToProtoFieldPath(value.ToString());
}
