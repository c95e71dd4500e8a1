using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Referral.V1;
using PeerPlatform.Referral.Data;
using PeerPlatform.ServiceDefaults.Grpc;

namespace PeerPlatform.Referral.Referrals;

internal sealed class GetReferralValidator : AbstractValidator<GetReferralRequest>
{
    public GetReferralValidator()
    {
        RuleFor(r => r.ReferralId)
            .NotEmpty()
            .Must(id => Guid.TryParse(id, out _)).WithMessage("Must be a referral id (a UUID).");
    }
}

internal sealed class GetReferralHandler(ReferralDbContext db)
{
    public async Task<Contracts.Referral.V1.Referral> HandleAsync(GetReferralRequest request, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(request.ReferralId);
        var referral = await db.Referrals
            .AsNoTracking()
            .Include(r => r.History)
            .SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new NotFoundException("Referral", request.ReferralId);
        return referral.ToContract();
    }
}
