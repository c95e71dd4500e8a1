using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Outcomes.Data;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Questionnaires;

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

/// <summary>A questionnaire response from the trust's systems, scored on arrival; a resend with the same external id changes nothing.</summary>
internal sealed class SubmitQuestionnaireResponseHandler(OutcomesDbContext db, IAuditTrail audit, TimeProvider clock)
{
    public async Task<C.QuestionnaireResponse> HandleAsync(C.SubmitQuestionnaireResponseRequest request, CancellationToken cancellationToken)
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
            CompletedOn = IsoDates.ParseIsoDate(request.CompletedOn),
            Answers = Enumerable.Range(1, instrument.Items).Select(i => request.Answers.Single(a => a.Item == i).Value).ToList(),
            RawScore = score.Raw,
            Score = score.Value,
            ExternalResponseId = externalId,
            ReceivedAt = now,
        };
        db.QuestionnaireResponses.Add(stored);
        audit.Add(AuditedRecords.QuestionnaireResponse, stored.Id.ToString(), AuditAction.Create);
        await db.SaveChangesAsync(cancellationToken);
        return stored.ToContract();
    }
}
