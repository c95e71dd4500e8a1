using FluentValidation;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision.Organisations;

internal sealed class GetPartnerOrganisationValidator : AbstractValidator<C.GetPartnerOrganisationRequest>
{
    public GetPartnerOrganisationValidator() => RuleFor(r => r.OrganisationId).NotEmpty().MaximumLength(100);
}

internal sealed class GetPartnerOrganisationHandler(OrganisationLookup organisations)
{
    public async Task<C.PartnerOrganisation> HandleAsync(C.GetPartnerOrganisationRequest request, CancellationToken cancellationToken) =>
        (await organisations.FindAsync(request.OrganisationId, cancellationToken)).ToContract();
}
