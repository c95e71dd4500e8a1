using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Organisations;

internal sealed class RegisterPartnerOrganisationValidator : AbstractValidator<C.RegisterPartnerOrganisationRequest>
{
    public RegisterPartnerOrganisationValidator()
    {
        RuleFor(r => r.OrganisationId).Matches(PartnerOrganisation.IdPattern())
            .WithMessage("Must be 3–100 lower-case letters, digits or hyphens, starting with a letter or digit (the token's partner_org value).");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Kind).IsInEnum().NotEqual(C.OrganisationKind.Unspecified);
    }
}

internal sealed class GetPartnerOrganisationValidator : AbstractValidator<C.GetPartnerOrganisationRequest>
{
    public GetPartnerOrganisationValidator() => RuleFor(r => r.OrganisationId).NotEmpty().MaximumLength(100);
}

internal sealed class DeactivatePartnerOrganisationValidator : AbstractValidator<C.DeactivatePartnerOrganisationRequest>
{
    public DeactivatePartnerOrganisationValidator() => RuleFor(r => r.OrganisationId).NotEmpty().MaximumLength(100);
}

internal sealed class ListPartnerOrganisationsValidator : AbstractValidator<C.ListPartnerOrganisationsRequest>
{
    public ListPartnerOrganisationsValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, 200);
        RuleFor(r => r.PageToken).PageToken();
    }
}

/// <summary>The partner organisations, registered by the trust's administrators.</summary>
internal sealed class OrganisationHandlers(SupervisionDbContext db, TimeProvider clock)
{
    public async Task<C.PartnerOrganisation> RegisterAsync(C.RegisterPartnerOrganisationRequest request, CancellationToken cancellationToken)
    {
        if (await db.Organisations.AnyAsync(o => o.Id == request.OrganisationId, cancellationToken))
        {
            throw new AlreadyExistsException($"Partner organisation {request.OrganisationId} is already registered.", request.OrganisationId);
        }

        var organisation = PartnerOrganisation.Register(request.OrganisationId, request.Name, (OrganisationKind)request.Kind, clock.GetUtcNow());
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        return organisation.ToContract();
    }

    public async Task<C.PartnerOrganisation> GetAsync(C.GetPartnerOrganisationRequest request, CancellationToken cancellationToken) =>
        (await FindAsync(request.OrganisationId, cancellationToken)).ToContract();

    public async Task<C.ListPartnerOrganisationsResponse> ListAsync(C.ListPartnerOrganisationsRequest request, CancellationToken cancellationToken)
    {
        var (organisations, next) = await db.Organisations.AsNoTracking().OrderBy(o => o.Id).ToPageAsync(request.PageToken, request.PageSize, cancellationToken);
        var response = new C.ListPartnerOrganisationsResponse { NextPageToken = next };
        response.Organisations.AddRange(organisations.Select(o => o.ToContract()));
        return response;
    }

    public async Task<C.PartnerOrganisation> DeactivateAsync(C.DeactivatePartnerOrganisationRequest request, CancellationToken cancellationToken)
    {
        var organisation = await FindAsync(request.OrganisationId, cancellationToken);
        organisation.Deactivate();
        await db.SaveChangesAsync(cancellationToken);
        return organisation.ToContract();
    }

    private async Task<PartnerOrganisation> FindAsync(string id, CancellationToken cancellationToken) =>
        await db.Organisations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken) ?? throw new NotFoundException("Partner organisation", id);
}
