using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.ServiceDefaults.Auditing;
using PeerPlatform.ServiceDefaults.Grpc;
using PeerPlatform.ServiceDefaults.Validation;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Questionnaires;

public enum Occasion
{
    Baseline = 1,
    FollowUp = 2,
}

/// <summary>A scored questionnaire response, stored with the instrument version that scored it.</summary>
public sealed class StoredResponse
{
    public Guid Id { get; init; }

    public required string InstrumentId { get; init; }

    public int InstrumentVersion { get; init; }

    /// <summary>A client or worker id, depending on the instrument's respondent.</summary>
    public Guid SubjectId { get; init; }

    public string? About { get; init; }

    public Occasion Occasion { get; init; }

    public DateOnly CompletedOn { get; init; }

    public List<int> Answers { get; init; } = [];

    public decimal RawScore { get; init; }

    public decimal Score { get; init; }

    public string? ExternalResponseId { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public C.QuestionnaireResponse ToContract() => new()
    {
        ResponseId = Id.ToString(),
        InstrumentId = InstrumentId,
        InstrumentVersion = InstrumentVersion,
        SubjectId = SubjectId.ToString(),
        About = About ?? "",
        Occasion = (C.Occasion)Occasion,
        CompletedOn = CompletedOn.ToIsoDate(),
        RawScore = (double)RawScore,
        Score = (double)Score,
    };
}

internal sealed class SubmitQuestionnaireResponseValidator : AbstractValidator<C.SubmitQuestionnaireResponseRequest>
{
    public SubmitQuestionnaireResponseValidator()
    {
        RuleFor(r => r.InstrumentId).Must(id => Instruments.ById.ContainsKey(id))
            .WithMessage($"Must be one of: {string.Join(", ", Instruments.ById.Keys.Order())}.");
        RuleFor(r => r.SubjectId).RecordId("a client or worker");
        RuleFor(r => r.Occasion).IsInEnum().NotEqual(C.Occasion.Unspecified);
        RuleFor(r => r.CompletedOn).IsoDate();
        RuleFor(r => r.Answers).NotEmpty();
        RuleFor(r => r.Answers).Must(a => a.Select(x => x.Item).Distinct().Count() == a.Count).WithMessage("Each item may be answered once.");
        RuleFor(r => r.About)
            .Must((r, about) => Instruments.ById.TryGetValue(r.InstrumentId, out var instrument) && (instrument.AboutOptions.Count == 0 ? about.Length == 0 : instrument.AboutOptions.Contains(about)))
            .When(r => Instruments.ById.ContainsKey(r.InstrumentId))
            .WithMessage(r => Instruments.ById[r.InstrumentId].AboutOptions is { Count: > 0 } options
                ? $"Must be one of: {string.Join(", ", options)}."
                : "Must be empty for this instrument.");
        RuleFor(r => r.ExternalResponseId).MaximumLength(100);
    }
}

/// <summary>Questionnaire responses from the trust's systems, scored on arrival.</summary>
internal sealed class QuestionnaireHandlers(OutcomesDbContext db, IAuditTrail audit, TimeProvider clock)
{
    public const string AuditedRecord = "QuestionnaireResponse";

    public static C.ListInstrumentsResponse ListInstruments()
    {
        var response = new C.ListInstrumentsResponse();
        response.Instruments.AddRange(Instruments.ById.Values.OrderBy(i => i.Id).Select(i =>
        {
            var contract = new C.Instrument
            {
                InstrumentId = i.Id, Version = i.Version, Name = i.Name, RespondentType = (C.RespondentType)i.RespondentType, Items = i.Items,
                ScaleMin = i.ScaleMin, ScaleMax = i.ScaleMax, ScoringRule = (C.ScoringRule)i.Scoring, LicenceNote = i.LicenceNote,
            };
            contract.ReversedItems.AddRange(i.ReversedItems.Order());
            contract.AboutOptions.AddRange(i.AboutOptions);
            foreach (var (raw, converted) in i.ConversionTable ?? new Dictionary<int, decimal>())
            {
                contract.ConversionTable[raw] = (double)converted;
            }

            return contract;
        }));
        return response;
    }

    public async Task<C.QuestionnaireResponse> SubmitAsync(C.SubmitQuestionnaireResponseRequest request, CancellationToken cancellationToken)
    {
        var externalId = request.ExternalResponseId.Length > 0 ? request.ExternalResponseId : null;
        if (externalId is not null && await db.QuestionnaireResponses.AsNoTracking().SingleOrDefaultAsync(r => r.ExternalResponseId == externalId, cancellationToken) is { } earlier)
        {
            return earlier.ToContract(); // a resend
        }

        var instrument = Instruments.ById[request.InstrumentId];
        Score score;
        try
        {
            score = instrument.ScoreOf(request.Answers.ToDictionary(a => a.Item, a => a.Value));
        }
        catch (InvalidResponseException invalid)
        {
            throw new ValidationException([new ValidationFailure($"answers[item {invalid.Item}]", invalid.Message)]);
        }

        var subjectId = Guid.Parse(request.SubjectId);
        var known = instrument.RespondentType switch
        {
            RespondentType.Client => await db.Referrals.AnyAsync(r => r.ClientId == subjectId, cancellationToken),
            RespondentType.Worker => await db.Workers.AnyAsync(w => w.WorkerId == subjectId, cancellationToken),
            _ => false,
        };
        if (!known)
        {
            throw new NotFoundException(instrument.RespondentType == RespondentType.Client ? "Client" : "Worker", request.SubjectId);
        }

        var now = clock.GetUtcNow();
        var stored = new StoredResponse
        {
            Id = Guid.CreateVersion7(now),
            InstrumentId = instrument.Id,
            InstrumentVersion = instrument.Version,
            SubjectId = subjectId,
            About = request.About.Length > 0 ? request.About : null,
            Occasion = (Occasion)request.Occasion,
            CompletedOn = ValidationRules.ParseIsoDate(request.CompletedOn),
            Answers = Enumerable.Range(1, instrument.Items).Select(i => request.Answers.Single(a => a.Item == i).Value).ToList(),
            RawScore = score.Raw,
            Score = score.Value,
            ExternalResponseId = externalId,
            ReceivedAt = now,
        };
        db.QuestionnaireResponses.Add(stored);
        audit.Add(AuditedRecord, stored.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        return stored.ToContract();
    }
}
