using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Clients;

internal sealed class FindClientValidator : AbstractValidator<C.FindClientRequest>
{
    public FindClientValidator()
    {
        RuleFor(r => r.NhsNumber).NotEmpty().Must(NhsNumber.IsValid).WithMessage("Must be ten digits with a valid Modulus 11 check digit.");
    }
}

/// <summary>
/// The client with an NHS number, exactly. Audited as a read of that client, or as a search that
/// found nothing (the number itself is not written to the audit trail).
/// </summary>
internal sealed class FindClientHandler(ReferralDbContext db, IAuditTrail audit)
{
    public async Task<C.Client> HandleAsync(C.FindClientRequest request, CancellationToken cancellationToken)
    {
        NhsNumber.TryParse(request.NhsNumber, out var nhsNumber);
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.NhsNumber == nhsNumber.Value, cancellationToken);
        await audit.WriteAsync(AuditedRecords.Client, client?.Id.ToString() ?? "nhs-number-search", AuditAction.Read,
            client is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        return client?.Open().ToContract() ?? throw new NotFoundException("Client", "with that NHS number");
    }
}
