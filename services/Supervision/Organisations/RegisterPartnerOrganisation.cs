using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.SharedKernel;
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

/// <summary>The partner organisations are registered by the trust's administrators.</summary>
internal sealed class RegisterPartnerOrganisationHandler(SupervisionDbContext db, TimeProvider clock)
{
    public async Task<C.PartnerOrganisation> HandleAsync(C.RegisterPartnerOrganisationRequest request, CancellationToken cancellationToken)
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
}
