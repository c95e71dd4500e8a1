using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PeerPlatform.Auditing;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Messaging.Outbox;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Referral.V1;
using ContractPriority = PeerPlatform.Contracts.Referral.V1.ReferralPriority;
using ContractSource = PeerPlatform.Contracts.Referral.V1.ReferralSource;

namespace PeerPlatform.Referral.Referrals;

/// <summary>Every problem with a new referral, each named by its proto field path.</summary>
internal sealed class CreateReferralValidator : AbstractValidator<C.CreateReferralRequest>
{
    public CreateReferralValidator(TimeProvider clock)
    {
        RuleFor(r => r.Client).NotNull().When(r => r.ClientId.Length == 0)
            .WithMessage("The client is required: a new client, or client_id for one already registered.");
        RuleFor(r => r.ClientId).Empty().When(r => r.Client is not null).WithMessage("Give either client or client_id, not both.");
        RuleFor(r => r.ClientId).Must(id => Guid.TryParse(id, out _)).When(r => r.ClientId.Length > 0).WithMessage("Must be a client id (a UUID).");
        RuleFor(r => r.ReceivedAt)
            .Must(at => at.ToDateTimeOffset() is var instant && instant <= clock.GetUtcNow().AddMinutes(5) && instant >= clock.GetUtcNow().AddYears(-2))
            .When(r => r.ReceivedAt is not null)
            .WithMessage("Must not be in the future or more than two years ago.");
        When(r => r.Client is not null, () =>
        {
            RuleFor(r => r.Client.GivenName).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Client.FamilyName).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Client.DateOfBirth)
                .IsoDate()
                .Must(value => !IsoDates.TryParseIsoDate(value, out var date) || IsPlausibleBirthDate(date, clock))
                .WithMessage("Must not be in the future or before 1900.");
            // Clinical teams and GPs know the number; a person referring themself, a carer or a
            // partner organisation may not, and it is traced and added later.
            RuleFor(r => r.Client.NhsNumber)
                .NotEmpty().When(r => !MayArriveWithoutNhsNumber(r.Source))
                .WithMessage("The NHS number is required for a referral from a clinical team or GP.");
            RuleFor(r => r.Client.NhsNumber)
                .Must(NhsNumber.IsValid).When(r => r.Client.NhsNumber.Length > 0)
                .WithMessage("Must be ten digits with a valid Modulus 11 check digit.");
            RuleFor(r => r.Client.Locality).MaximumLength(100);
            RuleFor(r => r.Client.ContactPreferences).MaximumLength(500);
            When(r => r.Client.Preferences is not null, () =>
            {
                RuleFor(r => r.Client.Preferences.WorkerGender).MaximumLength(40);
                RuleFor(r => r.Client.Preferences.Language).MaximumLength(60);
                RuleFor(r => r.Client.Preferences.LivedExperienceAreas).Must(a => a.Count <= 20).WithMessage("At most 20 areas.");
                RuleForEach(r => r.Client.Preferences.LivedExperienceAreas).NotEmpty().MaximumLength(60);
            });
        });

        RuleFor(r => r.Source)
            .NotEqual(ContractSource.Unspecified).WithMessage("The referral source is required.")
            .IsInEnum();
        RuleFor(r => r.Priority).IsInEnum();

        // A self-referral has no separate referrer; everyone else must say who they are.
        When(r => r.Source != ContractSource.Self, () =>
        {
            RuleFor(r => r.Referrer).NotNull().WithMessage("The referrer is required unless the client referred themself.");
            RuleFor(r => r.Referrer.Name).NotEmpty().When(r => r.Referrer is not null);
        });
        When(r => r.Referrer is not null, () =>
        {
            RuleFor(r => r.Referrer.Name).MaximumLength(200);
            RuleFor(r => r.Referrer.Organisation).MaximumLength(200);
            RuleFor(r => r.Referrer.Role).MaximumLength(100);
        });

        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.RequesterIdentifier).MaximumLength(300)
            .Must(RequesterIdentifiers.IsWellFormed).When(r => r.RequesterIdentifier.Length > 0)
            .WithMessage("Must be \"system|value\": an absolute URI, a bar, and the identifier.");
    }

    private static bool MayArriveWithoutNhsNumber(ContractSource source) =>
        source is ContractSource.Self or ContractSource.Carer or ContractSource.PartnerOrganisation;

    private static bool IsPlausibleBirthDate(DateOnly date, TimeProvider clock) =>
        date.Year >= 1900 && date <= TrustCalendar.LocalDate(clock.GetUtcNow());
}

/// <summary>
/// Registers the client and the referral, and outboxes ReferralReceived, in one transaction.
/// </summary>
internal sealed class CreateReferralHandler(ReferralDbContext db, Outbox<ReferralDbContext> outbox, IAuditTrail audit, IOptions<ProgrammeTargets> options, TimeProvider clock)
{
    public async Task<C.Referral> HandleAsync(C.CreateReferralRequest request, string actor, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateAsync(request, actor, cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_referrals_requester_identifier" })
        {
            // The same referral sent twice at once: the other send created it.
            db.ChangeTracker.Clear();
            throw await ExistingReferralAsync(request.RequesterIdentifier.Trim(), cancellationToken)
                ?? throw new InvalidOperationException("Unique violation on requester identifier without an existing referral.");
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_clients_nhs_number" })
        {
            // Two requests registered the same person at once: the other won; point to its client.
            db.ChangeTracker.Clear();
            NhsNumber.TryParse(request.Client.NhsNumber, out var nhsNumber);
            throw await ExistingClientAsync(nhsNumber, cancellationToken)
                ?? throw new InvalidOperationException("Unique violation on NHS number without an existing client.");
        }
    }

    private async Task<C.Referral> CreateAsync(C.CreateReferralRequest request, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (request.RequesterIdentifier.Length > 0 && await ExistingReferralAsync(request.RequesterIdentifier.Trim(), cancellationToken) is { } sent)
        {
            throw sent;
        }

        Domain.Client client;
        if (request.ClientId.Length > 0)
        {
            client = await db.Clients.SingleOrDefaultAsync(c => c.Id == Guid.Parse(request.ClientId), cancellationToken)
                ?? throw new NotFoundException("Client", request.ClientId);
            if (client.MergedInto is { } mergedInto)
            {
                throw new DomainRuleViolationException($"This client record was merged into {mergedInto}; refer the client by that id.");
            }
        }
        else
        {
            NhsNumber? nhsNumber = NhsNumber.TryParse(request.Client.NhsNumber, out var parsed) ? parsed : null;
            if (nhsNumber is { } known && await ExistingClientAsync(known, cancellationToken) is { } exists)
            {
                throw exists;
            }

            var dateOfBirth = IsoDates.ParseIsoDate(request.Client.DateOfBirth);
            client = Domain.Client.Register(request.Client.GivenName, request.Client.FamilyName, dateOfBirth, nhsNumber, now);
            var preferences = request.Client.Preferences ?? new C.MatchingPreferences();
            client.SetPreferences(request.Client.Locality, request.Client.ContactPreferences, preferences.WorkerGender, preferences.Language, preferences.LivedExperienceAreas);
            db.Clients.Add(client);
            audit.Add(AuditedRecords.Client, client.Id.ToString(), AuditAction.Create);
        }

        var referrer = request.Referrer is { } r
            ? new Domain.Referrer(r.Name.Trim(), r.Organisation.Trim(), r.Role.Trim())
            : new Domain.Referrer("", "", "");
        var referral = Domain.Referral.Receive(
            client.Id,
            (Domain.ReferralSource)request.Source,
            referrer,
            request.Reason,
            request.Priority == ContractPriority.Unspecified ? Domain.ReferralPriority.Routine : (Domain.ReferralPriority)request.Priority,
            actor,
            now,
            request.ReceivedAt is { } receivedAt ? Min(receivedAt.ToDateTimeOffset(), now) : null,
            request.RequesterIdentifier);

        db.Referrals.Add(referral);
        audit.Add(AuditedRecords.Referral, referral.Id.ToString(), AuditAction.Create);
        var received = new ReferralReceived(
            EventId: Guid.CreateVersion7(now),
            OccurredAt: now,
            ReferralId: referral.Id,
            ClientId: client.Id,
            Source: referral.Source.Code(),
            Priority: referral.Priority.Code(),
            ReceivedAt: referral.ReceivedAt);
        outbox.Add(received);
        await db.SaveChangesAsync(cancellationToken);
        ReferralMetrics.Record([received]);
        return referral.ToContract(options.Value, now);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    // Runs on every new client: compiled once, instead of EF hashing and looking up the query's
    // expression tree on each call (docs/decisions/0011).
    private static readonly Func<ReferralDbContext, string, CancellationToken, Task<Guid?>> ClientIdByNhsNumber =
        EF.CompileAsyncQuery((ReferralDbContext db, string nhsNumber, CancellationToken _) =>
            db.Clients.AsNoTracking().Where(c => c.NhsNumber == nhsNumber).Select(c => (Guid?)c.Id).SingleOrDefault());

    /// <summary>The refusal for a referral sent before (same requester identifier), naming it; audited as a read.</summary>
    private async Task<AlreadyExistsException?> ExistingReferralAsync(string requesterIdentifier, CancellationToken cancellationToken)
    {
        var existing = await db.Referrals.AsNoTracking().Where(r => r.RequesterIdentifier == requesterIdentifier).Select(r => (Guid?)r.Id).SingleOrDefaultAsync(cancellationToken);
        if (existing is not { } id)
        {
            return null;
        }

        await audit.WriteAsync(AuditedRecords.Referral, id.ToString(), AuditAction.Read, AuditOutcome.Succeeded, cancellationToken);
        return new AlreadyExistsException($"A referral with this requester identifier was already received as {id}.", id.ToString());
    }

    /// <summary>
    /// The refusal for an NHS number already registered, naming the existing client so the caller
    /// can link to it. Disclosing that id is a read of personal data, so it is audited.
    /// </summary>
    private async Task<AlreadyExistsException?> ExistingClientAsync(NhsNumber nhsNumber, CancellationToken cancellationToken)
    {
        var existing = await ClientIdByNhsNumber(db, nhsNumber.Value, cancellationToken);
        if (existing is not { } id)
        {
            return null;
        }

        await audit.WriteAsync(AuditedRecords.Client, id.ToString(), AuditAction.Read, AuditOutcome.Succeeded, cancellationToken);
        return new AlreadyExistsException($"A client with this NHS number is already registered as {id}; send client_id to refer them again.", id.ToString());
    }
}
