using Microsoft.AspNetCore.Identity;
using PeerPlatform.Auditing;
using PeerPlatform.Identity.Data;
using PeerPlatform.Persistence;

namespace PeerPlatform.Identity.People;

public sealed record AddPersonRequest(string? Email, string? DisplayName, string? PersonRole, string? PartnerOrganisation, string? WorkerId, string? TemporaryPassword);

/// <summary>POST /api/identity/people: a new sign-in, with a temporary password the administrator passes on.</summary>
internal sealed class AddPerson(UserManager<Person> people, IAuditTrail audit, IdentityDbContext db, TimeProvider clock)
{
    public async Task<IResult> HandleAsync(PeopleAdministrator administrator, AddPersonRequest request, CancellationToken cancellationToken)
    {
        var violations = new List<(string, string)>();
        var email = request.Email?.Trim() ?? "";
        if (email.Length is 0 or > 254 || !email.Contains('@', StringComparison.Ordinal))
        {
            violations.Add(("email", "Must be an email address."));
        }

        var displayName = request.DisplayName?.Trim() ?? "";
        if (displayName.Length is 0 or > 200)
        {
            violations.Add(("display_name", "Must be between 1 and 200 characters."));
        }

        Guid? workerId = null;
        if (request.WorkerId is { Length: > 0 } worker)
        {
            if (Guid.TryParse(worker, out var parsed))
            {
                workerId = parsed;
            }
            else
            {
                violations.Add(("worker_id", "Must be a worker id (a UUID)."));
            }
        }

        var personRole = request.PersonRole ?? "";
        var organisation = request.PartnerOrganisation is { Length: > 0 } o ? o : null;
        violations.AddRange(Person.Problems(personRole, organisation, workerId ?? (request.WorkerId is { Length: > 0 } ? Guid.Empty : null)));
        if (violations.Count == 0 && !administrator.MayManage(personRole, organisation))
        {
            violations.Add(("person_role", "You may only add supervisors and administrators of your own organisation."));
        }

        if (violations.Count == 0 && await people.FindByEmailAsync(email) is not null)
        {
            violations.Add(("email", "Someone already signs in with this email address."));
        }

        if (violations.Count > 0)
        {
            return PeopleApi.Invalid(violations);
        }

        // The change and its audit record commit together (UserManager saves as it goes).
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var person = new Person
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            PersonRole = personRole,
            PartnerOrganisation = organisation,
            WorkerId = workerId,
            LockoutEnabled = true,
        };
        var created = await people.CreateAsync(person, request.TemporaryPassword ?? "");
        if (!created.Succeeded)
        {
            return PeopleApi.Invalid(created.Errors.Select(e => (e.Code.StartsWith("Password", StringComparison.Ordinal) ? "temporary_password" : "email", e.Description)));
        }

        audit.Add(AuditedRecords.Person, person.Id, AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Created($"/api/identity/people/{person.Id}", PersonView.From(person, clock.GetUtcNow()));
    }
}
