using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Referral.Data;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal sealed class ListContactsValidator : AbstractValidator<C.ListContactsRequest>
{
    public ListContactsValidator()
    {
        RuleFor(r => r.ReferralId).Must(id => Guid.TryParse(id, out _)).When(r => r.ReferralId.Length > 0).WithMessage("Must be a referral id (a UUID).");
        RuleFor(r => r.ClientId).Must(id => Guid.TryParse(id, out _)).When(r => r.ClientId.Length > 0).WithMessage("Must be a client id (a UUID).");
        RuleFor(r => r.ReferralId).Must((r, id) => id.Length > 0 || r.ClientId.Length > 0).WithMessage("Give referral_id or client_id.");
        RuleFor(r => r.ClientId).Empty().When(r => r.ReferralId.Length > 0).WithMessage("Give referral_id or client_id, not both.");
    }
}

/// <summary>Contacts by time, without notes (the FHIR facade's Encounter search); the listing is audited.</summary>
internal sealed class ListContactsHandler(ReferralDbContext db, IAuditTrail audit)
{
    public async Task<C.ListContactsResponse> HandleAsync(C.ListContactsRequest request, CancellationToken cancellationToken)
    {
        var referrals = db.Referrals.AsNoTracking();
        if (request.ReferralId.Length > 0)
        {
            var referralId = Guid.Parse(request.ReferralId);
            referrals = referrals.Where(r => r.Id == referralId);
        }
        else
        {
            var clientId = Guid.Parse(request.ClientId);
            referrals = referrals.Where(r => r.ClientId == clientId);
        }

        var contacts = await db.PeerContacts.AsNoTracking()
            .Join(referrals, c => c.ReferralId, r => r.Id, (c, r) => new { Contact = c, r.ClientId, r.AssignedWorkerId })
            .OrderBy(x => x.Contact.ContactAt).ThenBy(x => x.Contact.Id)
            .ToListAsync(cancellationToken);
        var scope = request.ReferralId.Length > 0 ? "referral:" + request.ReferralId : "client:" + request.ClientId;
        await audit.WriteAsync(AuditedRecords.Contact, scope, AuditAction.List, AuditOutcome.Succeeded, cancellationToken);
        var response = new C.ListContactsResponse();
        response.Contacts.AddRange(contacts.Select(x => x.Contact.ToContract(x.ClientId, x.AssignedWorkerId)));
        return response;
    }
}
