using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Referrals;

internal sealed class GetContactValidator : AbstractValidator<C.GetContactRequest>
{
    public GetContactValidator()
    {
        RuleFor(r => r.ContactId).RecordId("a contact");
    }
}

/// <summary>
/// One contact without its notes (the FHIR facade's Encounter), audited as a read of the contact.
/// </summary>
internal sealed class GetContactHandler(ReferralDbContext db, IAuditTrail audit)
{
    public async Task<C.Contact> HandleAsync(C.GetContactRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.ContactId);
        var found = await db.PeerContacts.AsNoTracking()
            .Where(c => c.Id == id)
            .Join(db.Referrals, c => c.ReferralId, r => r.Id, (c, r) => new { Contact = c, r.ClientId, r.AssignedWorkerId })
            .SingleOrDefaultAsync(cancellationToken);
        await audit.WriteAsync(AuditedRecords.Contact, request.ContactId, AuditAction.Read,
            found is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        if (found is null)
        {
            throw new NotFoundException("Contact", request.ContactId);
        }

        return found.Contact.ToContract(found.ClientId, found.AssignedWorkerId);
    }
}
