using Microsoft.AspNetCore.Identity;
using PeerPlatform.Auditing;
using PeerPlatform.Identity.Data;
using PeerPlatform.Persistence;

namespace PeerPlatform.Identity.People;

/// <summary>
/// POST /api/identity/people/{id}/deactivate: the person can no longer sign in, and their
/// refresh tokens stop working at once (the token endpoint looks them up before every token).
/// </summary>
internal sealed class DeactivatePerson(UserManager<Person> people, IAuditTrail audit, IdentityDbContext db, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(PeopleAdministrator administrator, string personId, CancellationToken cancellationToken)
    {
        var person = await people.FindByIdAsync(personId);
        if (person is null || !administrator.MayManage(person.PersonRole, person.PartnerOrganisation))
        {
            await audit.WriteAsync(AuditedRecords.Person, personId[..Math.Min(personId.Length, 100)], AuditAction.Update, AuditOutcome.NotFound, cancellationToken);
            return PeopleApi.NotFound(personId);
        }

        // The change and its audit record commit together (UserManager saves as it goes).
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        person.DeactivatedAt ??= clock.GetUtcNow();
        await people.UpdateSecurityStampAsync(person);
        audit.Add(AuditedRecords.Person, person.Id, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(PersonView.From(person, clock.GetUtcNow()));
    }
}
