using System.Collections.Frozen;

namespace PeerPlatform.Outcomes.Domain;

public enum RespondentType
{
    Client = 1,
    Worker = 2,
    Team = 3,
}

public enum ScoringRule
{
    Sum = 1,
    Mean = 2,
    SumThenConvert = 3,
}

/// <summary>A scored answer, or the item that made the response unacceptable.</summary>
public sealed record Score(decimal Raw, decimal Value);

public sealed class InvalidResponseException(int item, string message) : Exception(message)
{
    /// <summary>The 1-based item at fault.</summary>
    public int Item { get; } = item;
}

/// <summary>
/// A questionnaire defined as data: its items, response scale, reversed items and scoring rule.
/// Item wording is not held here (several instruments are copyrighted); trusts present their own
/// licensed forms and send the item scores.
/// </summary>
public sealed record Instrument(
    string Id,
    int Version,
    string Name,
    RespondentType RespondentType,
    int Items,
    int ScaleMin,
    int ScaleMax,
    IReadOnlySet<int> ReversedItems,
    ScoringRule Scoring,
    IReadOnlyDictionary<int, decimal>? ConversionTable,
    string LicenceNote,
    IReadOnlyList<string> AboutOptions)
{
    /// <summary>Scores a complete response, given as item number → value; refuses naming the item.</summary>
    public Score ScoreOf(IReadOnlyDictionary<int, int> answers)
    {
        foreach (var item in answers.Keys.Where(i => i < 1 || i > Items))
        {
            throw new InvalidResponseException(item, $"{Id} has items 1 to {Items}; there is no item {item}.");
        }

        var values = new List<int>(Items);
        for (var item = 1; item <= Items; item++)
        {
            if (!answers.TryGetValue(item, out var value))
            {
                throw new InvalidResponseException(item, $"Item {item} of {Id} is missing; every item must be answered.");
            }

            if (value < ScaleMin || value > ScaleMax)
            {
                throw new InvalidResponseException(item, $"Item {item} of {Id} must be between {ScaleMin} and {ScaleMax}; got {value}.");
            }

            values.Add(ReversedItems.Contains(item) ? ScaleMax + ScaleMin - value : value);
        }

        decimal raw = values.Sum();
        return Scoring switch
        {
            ScoringRule.Sum => new Score(raw, raw),
            ScoringRule.Mean => new Score(raw, Math.Round(raw / Items, 4)),
            ScoringRule.SumThenConvert => new Score(raw, ConversionTable![(int)raw]),
            _ => throw new InvalidOperationException($"Unknown scoring rule {Scoring}."),
        };
    }
}

/// <summary>The instruments PeerPlatform ships. A change to scoring gets a new version; stored scores keep theirs.</summary>
public static class Instruments
{
    public const string PeerWorker = "peer_worker";
    public const string OtherWorker = "other_worker";

    /// <summary>Questionnaire about Process of Recovery, 15-item version: 0–4 per item, summed (0–60).</summary>
    public static readonly Instrument Qpr15 = new(
        "QPR-15", 1, "Questionnaire about the Process of Recovery (15 items)", RespondentType.Client, 15, 0, 4, FrozenSet<int>.Empty, ScoringRule.Sum, null,
        "Free to use for non-commercial purposes with acknowledgement of the authors; item wording not included.", []);

    /// <summary>Rosenberg Self-Esteem Scale: 10 items 0–3, items 2, 5, 6, 8 and 9 reversed, summed (0–30).</summary>
    public static readonly Instrument Rosenberg = new(
        "RSES", 1, "Rosenberg Self-Esteem Scale", RespondentType.Worker, 10, 0, 3, new[] { 2, 5, 6, 8, 9 }.ToFrozenSet(), ScoringRule.Sum, null,
        "Public domain; item wording not included.", []);

    /// <summary>
    /// Short Warwick-Edinburgh Mental Wellbeing Scale: 7 items 1–5, raw total 7–35 converted to a
    /// metric score with the published Rasch conversion table.
    /// </summary>
    public static readonly Instrument Swemwbs = new(
        "SWEMWBS", 1, "Short Warwick-Edinburgh Mental Wellbeing Scale", RespondentType.Worker, 7, 1, 5, FrozenSet<int>.Empty, ScoringRule.SumThenConvert,
        new Dictionary<int, decimal>
        {
            [7] = 7.00m,
            [8] = 9.51m,
            [9] = 11.25m,
            [10] = 12.40m,
            [11] = 13.33m,
            [12] = 14.08m,
            [13] = 14.75m,
            [14] = 15.32m,
            [15] = 15.84m,
            [16] = 16.36m,
            [17] = 16.88m,
            [18] = 17.43m,
            [19] = 17.98m,
            [20] = 18.59m,
            [21] = 19.25m,
            [22] = 19.98m,
            [23] = 20.73m,
            [24] = 21.54m,
            [25] = 22.35m,
            [26] = 23.21m,
            [27] = 24.11m,
            [28] = 25.03m,
            [29] = 26.02m,
            [30] = 27.03m,
            [31] = 28.13m,
            [32] = 29.31m,
            [33] = 30.70m,
            [34] = 32.55m,
            [35] = 35.00m,
        }.ToFrozenDictionary(),
        "Licensed by Warwick Medical School (free registration for NHS use); item wording not included.", []);

    /// <summary>
    /// Relationship quality as the client rates it, completed twice: about their peer worker and
    /// about another worker, so the two can be compared. 12 items 0–4, summed (0–48).
    /// </summary>
    public static readonly Instrument RelationshipQuality = new(
        "RELATIONSHIP-QUALITY", 1, "Client-rated relationship quality (peer worker vs other worker)", RespondentType.Client, 12, 0, 4, FrozenSet<int>.Empty, ScoringRule.Sum, null,
        "Structure only; the trust supplies the wording of its licensed relationship scale.", [PeerWorker, OtherWorker]);

    public static readonly FrozenDictionary<string, Instrument> ById =
        new[] { Qpr15, Rosenberg, Swemwbs, RelationshipQuality }.ToFrozenDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);
}
