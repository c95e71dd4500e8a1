using Microsoft.AspNetCore.Identity;
using PeerPlatform.Auditing;
using PeerPlatform.Identity.Data;
using PeerPlatform.Persistence;

namespace PeerPlatform.Identity.People;

public sealed record ResetPasswordRequest(string? NewPassword);

/// <summary>
/// POST /api/identity/people/{id}/reset-password: an administrator of the same organisation sets a
/// new password, which also ends a lockout. Sessions signed in with the old password end too
/// (the security stamp changes, so refresh tokens and the sign-in cookie stop working).
/// </summary>
internal sealed class ResetPassword(UserManager<Person> people, IAuditTrail audit, IdentityDbContext db, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(PeopleAdministrator administrator, string personId, ResetPasswordRequest request, CancellationToken cancellationToken)
    {
        var person = await people.FindByIdAsync(personId);
        if (person is null || !administrator.MayManage(person.PersonRole, person.PartnerOrganisation))
        {
            await audit.WriteAsync(AuditedRecords.Person, personId[..Math.Min(personId.Length, 100)], AuditAction.Update, AuditOutcome.NotFound, cancellationToken);
            return PeopleApi.NotFound(personId);
        }

        var violations = new List<(string, string)>();
        foreach (var validator in people.PasswordValidators)
        {
            var result = await validator.ValidateAsync(people, person, request.NewPassword ?? "");
            violations.AddRange(result.Errors.Select(e => ("new_password", e.Description)));
        }

        if (violations.Count > 0)
        {
            return PeopleApi.Invalid(violations);
        }

        // The change and its audit record commit together (UserManager saves as it goes).
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await people.RemovePasswordAsync(person);
        await people.AddPasswordAsync(person, request.NewPassword!);
        await people.SetLockoutEndDateAsync(person, null);
        await people.ResetAccessFailedCountAsync(person);
        audit.Add(AuditedRecords.Person, person.Id, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(PersonView.From(person, clock.GetUtcNow()));
    }
}
