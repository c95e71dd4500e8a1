using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Domain;

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
