using FluentValidation;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;

namespace PeerPlatform.Referral.Clients;

internal sealed class GetClientValidator : AbstractValidator<C.GetClientRequest>
{
    public GetClientValidator()
    {
        RuleFor(r => r.ClientId).RecordId("a client");
    }
}

/// <summary>Reads a client's identifying record; every read leaves an audit record, found or not.</summary>
internal sealed class GetClientHandler(ReferralDbContext db, IAuditTrail audit)
{
    public async Task<C.Client> HandleAsync(C.GetClientRequest request, CancellationToken cancellationToken)
    {
        var client = await ClientById(db, Guid.Parse(request.ClientId), cancellationToken);
        await audit.WriteAsync(AuditedRecords.Client, request.ClientId, AuditAction.Read,
            client is null ? AuditOutcome.NotFound : AuditOutcome.Succeeded, cancellationToken);
        if (client is null)
        {
            throw new NotFoundException("Client", request.ClientId);
        }

        return new C.Client
        {
            ClientId = client.Id.ToString(),
            GivenName = client.GivenName,
            FamilyName = client.FamilyName,
            DateOfBirth = client.DateOfBirth.ToIsoDate(),
            NhsNumber = client.NhsNumber,
            RegisteredAt = Timestamp.FromDateTimeOffset(client.RegisteredAt),
            Locality = client.Locality,
            ContactPreferences = client.ContactPreferences,
            Preferences = new C.MatchingPreferences
            {
                WorkerGender = client.PreferredWorkerGender,
                Language = client.PreferredLanguage,
                LivedExperienceAreas = { client.LivedExperienceAreas },
            },
        };
    }

    // Compiled once, as every frequent read is (see GetReferral).
    private static readonly Func<ReferralDbContext, Guid, CancellationToken, Task<Domain.Client?>> ClientById =
        EF.CompileAsyncQuery((ReferralDbContext db, Guid id, CancellationToken _) =>
            db.Clients.AsNoTracking().SingleOrDefault(c => c.Id == id));
}
