namespace PeerPlatform.Workforce.Domain;

/// <summary>What a client would like in a peer worker; empty fields mean no preference.</summary>
public sealed record ClientPreferences(string? Gender, string? Language, IReadOnlyList<string> LivedExperienceAreas);

public sealed record RankedWorker(PeerWorker Worker, int FitScore);

/// <summary>
/// Ranks available workers for a client: first by fit (a stated gender preference met counts 4,
/// the client's language 3, each shared lived-experience area 2), then by free capacity, so work
/// spreads across the team; the worker id breaks ties so the order is stable.
/// </summary>
public static class WorkerMatching
{
    public static IReadOnlyList<RankedWorker> Rank(IEnumerable<PeerWorker> candidates, ClientPreferences preferences) =>
        candidates
            .Where(w => w.IsAvailable)
            .Select(w => new RankedWorker(w, FitScore(w, preferences)))
            .OrderByDescending(r => r.FitScore)
            .ThenByDescending(r => r.Worker.FreeCapacity)
            .ThenBy(r => r.Worker.Id)
            .ToList();

    public static int FitScore(PeerWorker worker, ClientPreferences preferences)
    {
        var score = 0;
        if (!string.IsNullOrWhiteSpace(preferences.Gender) && string.Equals(worker.Gender, preferences.Gender.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            score += 4;
        }

        if (!string.IsNullOrWhiteSpace(preferences.Language) && worker.Languages.Contains(preferences.Language.Trim().ToLowerInvariant()))
        {
            score += 3;
        }

        score += 2 * preferences.LivedExperienceAreas
            .Select(a => a.Trim().ToLowerInvariant())
            .Distinct()
            .Count(worker.LivedExperienceAreas.Contains);
        return score;
    }
}
