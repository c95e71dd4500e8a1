using Microsoft.AspNetCore.Identity;

namespace PeerPlatform.Identity.People;

/// <summary>A person listed under "Identity:People": created at start when missing, never changed after.</summary>
public sealed class ConfiguredPerson
{
    public string Email { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string PersonRole { get; set; } = "";

    public string? PartnerOrganisation { get; set; }

    public Guid? WorkerId { get; set; }

    /// <summary>The first password; the person (or an administrator) changes it afterwards.</summary>
    public string InitialPassword { get; set; } = "";
}

/// <summary>
/// Creates the people listed under "Identity:People" that do not exist yet: the development
/// people of the local run and the tests, or a deployment's first platform-side administrators.
/// An existing person is left as they are, so a password changed since is never reset.
/// </summary>
internal static class ConfiguredPeople
{
    public static async Task CreateConfiguredPeopleAsync(this IHost app, CancellationToken cancellationToken = default)
    {
        var configured = app.Services.GetRequiredService<IConfiguration>().GetSection("Identity:People").Get<List<ConfiguredPerson>>() ?? [];
        if (configured.Count == 0)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var people = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("PeerPlatform.Identity.People");
        var created = 0;
        foreach (var entry in configured)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var problems = Person.Problems(entry.PersonRole, entry.PartnerOrganisation, entry.WorkerId).Select(p => $"{p.Field}: {p.Message}").ToList();
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"Identity:People entry {entry.Email}: {string.Join(" ", problems)}");
            }

            if (await people.FindByEmailAsync(entry.Email) is not null)
            {
                continue;
            }

            var person = new Person
            {
                UserName = entry.Email,
                Email = entry.Email,
                EmailConfirmed = true,
                DisplayName = entry.DisplayName,
                PersonRole = entry.PersonRole,
                PartnerOrganisation = entry.PartnerOrganisation,
                WorkerId = entry.WorkerId,
                LockoutEnabled = true,
            };
            var result = await people.CreateAsync(person, entry.InitialPassword);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Identity:People entry {entry.Email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }

            created++;
        }

        logger.LogInformation("{Count} configured people created", created);
    }
}
