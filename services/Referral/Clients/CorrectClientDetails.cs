using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Clients;

internal sealed class CorrectClientDetailsValidator : AbstractValidator<C.CorrectClientDetailsRequest>
{
    public CorrectClientDetailsValidator(TimeProvider clock)
    {
        RuleFor(r => r.ClientId).RecordId("a client");
        RuleFor(r => r.UpdateMask).NotEmpty().WithMessage("Name the fields to correct: " + string.Join(", ", ClientFields.All) + ".");
        RuleForEach(r => r.UpdateMask).Must(ClientFields.All.Contains).WithMessage("Must be one of " + string.Join(", ", ClientFields.All) + ".");
        When(r => r.UpdateMask.Contains(ClientFields.GivenName), () => RuleFor(r => r.GivenName).NotEmpty().MaximumLength(100));
        When(r => r.UpdateMask.Contains(ClientFields.FamilyName), () => RuleFor(r => r.FamilyName).NotEmpty().MaximumLength(100));
        When(r => r.UpdateMask.Contains(ClientFields.DateOfBirth), () => RuleFor(r => r.DateOfBirth)
            .IsoDate()
            .Must(value => !IsoDates.TryParseIsoDate(value, out var date) || (date.Year >= 1900 && date <= TrustCalendar.LocalDate(clock.GetUtcNow())))
            .WithMessage("Must not be in the future or before 1900."));
        When(r => r.UpdateMask.Contains(ClientFields.NhsNumber), () =>
        {
            RuleFor(r => r.NhsNumber).Must(n => n.Length == 0 || NhsNumber.IsValid(n)).WithMessage("Must be ten digits with a valid Modulus 11 check digit, or empty to remove it.");
            RuleFor(r => r.Reason).NotEmpty().WithMessage("Say why the NHS number changes.");
        });
        When(r => r.UpdateMask.Contains(ClientFields.Locality), () => RuleFor(r => r.Locality).MaximumLength(100));
        When(r => r.UpdateMask.Contains(ClientFields.ContactPreferences), () => RuleFor(r => r.ContactPreferences).MaximumLength(500));
        When(r => r.UpdateMask.Contains(ClientFields.Preferences), () =>
        {
            RuleFor(r => r.Preferences).NotNull().WithMessage("Give the preferences to keep (an empty object clears them).");
            When(r => r.Preferences is not null, () =>
            {
                RuleFor(r => r.Preferences.WorkerGender).MaximumLength(40);
                RuleFor(r => r.Preferences.Language).MaximumLength(60);
                RuleFor(r => r.Preferences.LivedExperienceAreas).Must(a => a.Count <= 20).WithMessage("At most 20 areas.");
                RuleForEach(r => r.Preferences.LivedExperienceAreas).NotEmpty().MaximumLength(60);
            });
        });
        RuleFor(r => r.Reason).MaximumLength(500);
    }
}

/// <summary>
/// Rectifies a client's details: the fields named in update_mask change, the values before and
/// after go into the client's history, ClientDetailsCorrected (field names only) is outboxed and
/// the change is audited, all in one transaction. A correction that changes nothing records nothing.
/// </summary>
internal sealed class CorrectClientDetailsHandler(ReferralDbContext db, Outbox<ReferralDbContext> outbox, IAuditTrail audit, Caller caller, TimeProvider clock)
{
    public async Task<C.Client> HandleAsync(C.CorrectClientDetailsRequest request, CancellationToken cancellationToken)
    {
        var clientId = Guid.Parse(request.ClientId);
        var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId && c.MergedInto == null, cancellationToken);
        if (client is null)
        {
            await audit.WriteAsync(AuditedRecords.Client, request.ClientId, AuditAction.Update, AuditOutcome.NotFound, cancellationToken);
            throw new NotFoundException("Client", request.ClientId);
        }

        var changes = client.Correct(ToCorrection(request));
        if (changes.Count == 0)
        {
            await audit.WriteAsync(AuditedRecords.Client, request.ClientId, AuditAction.Read, AuditOutcome.Succeeded, cancellationToken);
            return client.ToContract();
        }

        if (changes.Any(c => c.Field == ClientFields.NhsNumber) && client.NhsNumber is { } number
            && await db.Clients.AnyAsync(c => c.NhsNumber == number && c.Id != clientId, cancellationToken))
        {
            throw new InvalidFieldException("nhs_number", "Another client has this NHS number: if they are the same person, an administrator merges the two records.");
        }

        var now = clock.GetUtcNow();
        db.ClientChanges.Add(ClientChange.Record(clientId, changes, caller.Actor, request.Reason, now));
        audit.Add(AuditedRecords.Client, request.ClientId, AuditAction.Update);
        outbox.Add(new ClientDetailsCorrected(Guid.CreateVersion7(now), now, clientId, [.. changes.Select(c => c.Field)]));
        await db.SaveChangesAsync(cancellationToken);
        return client.ToContract();
    }

    private static ClientCorrection ToCorrection(C.CorrectClientDetailsRequest request)
    {
        string? Named(string field, string value) => request.UpdateMask.Contains(field) ? value : null;
        var nhsNumber = Named(ClientFields.NhsNumber, request.NhsNumber);
        return new ClientCorrection(
            GivenName: Named(ClientFields.GivenName, request.GivenName),
            FamilyName: Named(ClientFields.FamilyName, request.FamilyName),
            DateOfBirth: request.UpdateMask.Contains(ClientFields.DateOfBirth) ? IsoDates.ParseIsoDate(request.DateOfBirth) : null,
            NhsNumber: nhsNumber is null ? null : NhsNumber.TryParse(nhsNumber, out var parsed) ? parsed.Value : "",
            Locality: Named(ClientFields.Locality, request.Locality),
            ContactPreferences: Named(ClientFields.ContactPreferences, request.ContactPreferences),
            Preferences: request.UpdateMask.Contains(ClientFields.Preferences) && request.Preferences is { } p
                ? new MatchingPreferenceValues(p.WorkerGender, p.Language, [.. p.LivedExperienceAreas])
                : null);
    }
}
