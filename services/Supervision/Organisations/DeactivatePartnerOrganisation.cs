using FluentValidation;
using PeerPlatform.Supervision.Data;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Organisations;

internal sealed class DeactivatePartnerOrganisationValidator : AbstractValidator<C.DeactivatePartnerOrganisationRequest>
{
    public DeactivatePartnerOrganisationValidator() => RuleFor(r => r.OrganisationId).NotEmpty().MaximumLength(100);
}

internal sealed class DeactivatePartnerOrganisationHandler(SupervisionDbContext db, OrganisationLookup organisations)
{
    public async Task<C.PartnerOrganisation> HandleAsync(C.DeactivatePartnerOrganisationRequest request, CancellationToken cancellationToken)
    {
        var organisation = await organisations.FindAsync(request.OrganisationId, cancellationToken);
        organisation.Deactivate();
        await db.SaveChangesAsync(cancellationToken);
        return organisation.ToContract();
    }
}
