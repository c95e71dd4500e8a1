using System.Text.Json.Serialization;
using OpenIddict.Validation.AspNetCore;
using PeerPlatform.Security;

namespace PeerPlatform.Identity.People;

/// <summary>
/// /api/identity/people: administrators manage sign-ins. A bearer token from this Identity is
/// required (the platform administrator's client, or a partner administrator signed in to the
/// portal); <see cref="PeopleAdministrator"/> then decides whom the caller may see and change.
/// Errors have the shape of the rest of the REST API: a google.rpc.Status with field violations.
/// </summary>
internal static class PeopleApi
{
    public const string Policy = "people-administrators";

    public const string AuditPolicy = "identity-audit";

    public static IServiceCollection AddPeopleApi(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => Administrator(context.User).MayManageAnyone));
        services.AddScoped<AddPerson>();
        services.AddScoped<ListPeople>();
        services.AddScoped<ResetPassword>();
        services.AddScoped<DeactivatePerson>();
        services.AddScoped<ListAuditRecords>();
        services.AddAuthorizationBuilder().AddPolicy(AuditPolicy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => Administrator(context.User).IsPlatformAdministrator));
        return services;
    }

    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder endpoints)
    {
        var people = endpoints.MapGroup("/api/identity/people").RequireAuthorization(Policy).DisableAntiforgery();
        people.MapGet("", (HttpContext context, ListPeople list, string? partnerOrganisation, CancellationToken ct) =>
            list.HandleAsync(Administrator(context.User), partnerOrganisation, ct));
        people.MapPost("", (HttpContext context, AddPerson add, AddPersonRequest request, CancellationToken ct) =>
            add.HandleAsync(Administrator(context.User), request, ct));
        people.MapPost("/{personId}/reset-password", (HttpContext context, ResetPassword reset, string personId, ResetPasswordRequest request, CancellationToken ct) =>
            reset.HandleAsync(Administrator(context.User), personId, request, ct));
        people.MapPost("/{personId}/deactivate", (HttpContext context, DeactivatePerson deactivate, string personId, CancellationToken ct) =>
            deactivate.HandleAsync(Administrator(context.User), personId, ct));
        endpoints.MapGet("/api/identity/audit-records", (HttpContext context, ListAuditRecords list, CancellationToken ct) => list.HandleAsync(context.Request, ct))
            .RequireAuthorization(AuditPolicy);
        return endpoints;
    }

    public static PeopleAdministrator Administrator(System.Security.Claims.ClaimsPrincipal user) => new(
        user.FindFirst(PeerClaims.Role)?.Value ?? "",
        user.FindFirst(PeerClaims.PersonRole)?.Value,
        user.FindFirst(PeerClaims.PartnerOrganisation)?.Value);

    /// <summary>400 with one field violation per problem, as gRPC JSON transcoding writes InvalidArgument.</summary>
    public static IResult Invalid(IEnumerable<(string Field, string Message)> violations) => Results.Json(
        new
        {
            code = 3,
            message = "The request has invalid fields.",
            details = new object[]
            {
                new Dictionary<string, object>
                {
                    ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
                    ["fieldViolations"] = violations.Select(v => new { field = v.Field, description = v.Message }).ToArray(),
                },
            },
        },
        statusCode: StatusCodes.Status400BadRequest);

    /// <summary>404 for people who do not exist and for people the caller may not manage alike.</summary>
    public static IResult NotFound(string personId) =>
        Results.Json(new { code = 5, message = $"Person {personId} not found." }, statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A person as administrators see them (no password, no second-factor secret).</summary>
public sealed record PersonView(
    string PersonId,
    string Email,
    string DisplayName,
    string PersonRole,
    string? PartnerOrganisation,
    string? WorkerId,
    bool SecondFactorEnabled,
    bool LockedOut,
    bool Active)
{
    public static PersonView From(Person person, DateTimeOffset now) => new(
        person.Id,
        person.Email ?? "",
        person.DisplayName,
        person.PersonRole,
        person.PartnerOrganisation,
        person.WorkerId?.ToString(),
        person.TwoFactorEnabled,
        person.LockoutEnd > now,
        person.IsActive);
}

public sealed record ListPeopleResponse([property: JsonPropertyName("people")] IReadOnlyList<PersonView> People);
