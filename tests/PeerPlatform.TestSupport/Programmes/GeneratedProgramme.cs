using CsCheck;
using PeerPlatform.Contracts.Events;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Outcomes.Domain;
using PeerPlatform.Outcomes.ReadModels;
using PeerPlatform.Referral.Domain;
using PeerPlatform.SharedKernel;
using ReferralAggregate = PeerPlatform.Referral.Domain.Referral;

namespace PeerPlatform.TestSupport.Programmes;

/// <summary>What can happen to a referral after the usual path: the steps of a random journey's tail.</summary>
public enum Turn
{
    Contact,
    WorkerLeaves,
    Rematch,
    End,
    EndNotRematched,
    Withdraw,
    WithdrawConsent,
}

/// <summary>One step of a journey: what happens, how many days after the previous step, at which minute of the (UTC) day.</summary>
public sealed record Move(Turn Turn, int DaysLater, int Minute)
{
    public override string ToString() => $"{Turn}+{DaysLater}d@{Minute / 60:00}:{Minute % 60:00}";
}

/// <summary>
/// A generated referral: received some days before the programme's "now", taken <see cref="Depth"/>
/// steps along the usual path (0 received, 1 informed, 2 consented or declined, 3 accepted or not,
/// 4 matched, 5 first contact), then through a random tail of turns. Turns the real Referral
/// aggregate refuses at that point are skipped, so every journey is a legal one.
/// </summary>
public sealed record JourneyPlan(int Client, int ReceivedDaysAgo, int ReceivedMinute, int Depth, Refusal Refusal, int Worker, Move[] Path, Move[] Tail)
{
    public override string ToString() =>
        $"client {Client}, received {ReceivedDaysAgo}d ago @{ReceivedMinute / 60:00}:{ReceivedMinute % 60:00}, depth {Depth}{(Refusal == Refusal.None ? "" : $" ({Refusal})")}, worker {Worker}, path [{string.Join(", ", Path.Take(Depth).Select(m => $"+{m.DaysLater}d@{m.Minute / 60:00}:{m.Minute % 60:00}"))}], tail [{string.Join(", ", Tail)}]";
}

/// <summary>Where a journey on the usual path is refused: the client declines, or triage does not accept.</summary>
public enum Refusal
{
    None,
    ClientDeclines,
    NotAccepted,
}

/// <summary>A generated hospital stay, in days relative to the programme's today; open while discharge is null.</summary>
public sealed record StayPlan(int Client, int AdmittedDaysAgo, int? LengthDays)
{
    public override string ToString() => $"client {Client}: admitted {AdmittedDaysAgo}d ago, {(LengthDays is { } length ? $"{length} nights" : "still in")}";
}

/// <summary>
/// A generated programme: referrals driven through the real Referral aggregate, the integration
/// events Referral's handlers publish for each step, and clients' hospital stays. The ground truth
/// (what every figure must be) is read off the aggregates and stays by brute force.
/// </summary>
public sealed record ProgrammePlan(JourneyPlan[] Journeys, StayPlan[] Stays)
{
    /// <summary>The programme's "now": noon UTC, so today is the same date in UTC and in London.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = TrustCalendar.LocalDate(Now);

    public const int Clients = 6;

    public const int Workers = 3;

    // Minutes of the UTC day, often near midnight: 23:00–01:00 UTC is another local day in summer than in winter.
    private static readonly int[] NearMidnight = [0, 1, 59, 60, 61, 1380, 1410, 1439];
    private static readonly Gen<int> Minute = Gen.Frequency((3, Gen.Int[0, 1439]), (2, Gen.Int[0, NearMidnight.Length - 1].Select(i => NearMidnight[i])));
    private static readonly Gen<int> DaysLater = Gen.Frequency((3, Gen.Int[0, 3]), (3, Gen.Int[4, 30]), (1, Gen.Int[31, 120]));
    private static readonly Gen<Move> PathMove = Gen.Select(DaysLater, Minute, (days, minute) => new Move(Turn.Contact, days, minute));
    private static readonly Gen<Move> TailMove = Gen.Select(Gen.Enum<Turn>(), DaysLater, Minute, (turn, days, minute) => new Move(turn, days, minute));

    // A quarter of the tails start with the worker leaving, a re-match and a contact with the new worker.
    private static readonly Turn[] Rematch = [Turn.WorkerLeaves, Turn.Rematch, Turn.Contact];
    private static readonly Gen<Move[]> Tail = Gen.Select(Gen.Int[0, 3], PathMove.Array[3], TailMove.Array[0, 4], (kind, rematch, rest) =>
        kind == 0 ? [.. rematch.Select((move, i) => move with { Turn = Rematch[i] }), .. rest] : rest);

    public static readonly Gen<JourneyPlan> JourneyGen = Gen.Select(
        Gen.Int[0, Clients - 1], Gen.Int[0, 730], Minute, Gen.Frequency((1, Gen.Int[0, 4]), (3, Gen.Const(5))),
        Gen.Frequency((8, Gen.Const(Refusal.None)), (1, Gen.Const(Refusal.ClientDeclines)), (1, Gen.Const(Refusal.NotAccepted))),
        Gen.Int[0, Workers - 1], PathMove.Array[5], Tail,
        (client, daysAgo, minute, depth, refusal, worker, path, tail) => new JourneyPlan(client, daysAgo, minute, depth, refusal, worker, path, tail));

    public static readonly Gen<StayPlan> StayGen = Gen.Select(
        Gen.Int[0, Clients - 1], Gen.Int[0, 900], Gen.Frequency((2, Gen.Const(0)), (6, Gen.Int[1, 60]), (1, Gen.Const(-1))),
        (client, daysAgo, length) => new StayPlan(client, daysAgo, length < 0 ? null : Math.Min(length, daysAgo)));

    public static readonly Gen<ProgrammePlan> Generator = Gen.Select(JourneyGen.Array[1, 30], StayGen.Array[0, 12], (journeys, stays) => new ProgrammePlan(journeys, stays));

    public override string ToString() =>
        $"programme at {Now:u}:\n  referrals:\n    {string.Join("\n    ", Journeys.Select(j => j.ToString()))}\n  stays:\n    {string.Join("\n    ", Stays.Select(s => s.ToString()))}";

    /// <summary>Runs every journey through the Referral aggregate and keeps what happened.</summary>
    public Programme Run()
    {
        var clients = Enumerable.Range(0, Clients).Select(i => new Guid($"00000000-0000-0000-0000-{i + 1:D12}")).ToArray();
        var workers = Enumerable.Range(0, Workers).Select(i => new Guid($"00000000-0000-0000-0001-{i + 1:D12}")).ToArray();
        var referrals = Journeys.Select((journey, index) => Drive(journey, index, clients, workers)).ToList();
        return new Programme(referrals, ToStays(clients));
    }

    // Stays of one client may not overlap (the service refuses them): a stay that would is left out.
    private Dictionary<Guid, List<Stay>> ToStays(Guid[] clients)
    {
        var stays = clients.ToDictionary(c => c, _ => new List<Stay>());
        foreach (var plan in Stays.OrderByDescending(s => s.AdmittedDaysAgo))
        {
            var admitted = Today.AddDays(-plan.AdmittedDaysAgo);
            DateOnly? discharged = plan.LengthDays is { } length ? admitted.AddDays(length) : null;
            var own = stays[clients[plan.Client]];
            var overlaps = own.Any(s => s.DischargedOn is null || s.DischargedOn >= admitted);
            if (!overlaps)
            {
                own.Add(new Stay(admitted, discharged));
            }
        }

        return stays;
    }

    private static GeneratedReferral Drive(JourneyPlan plan, int index, Guid[] clients, Guid[] workers)
    {
        var events = new List<IIntegrationEvent>();
        var eventNumber = 0;
        Guid NextEventId() => new($"00000000-0000-0000-0002-{(index * 100) + eventNumber++:D12}");
        var received = new DateTimeOffset(Today.AddDays(-plan.ReceivedDaysAgo).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMinutes(plan.ReceivedMinute);
        if (received > Now)
        {
            received = Now.AddHours(-1);
        }

        var clientId = clients[plan.Client];
        var referral = ReferralAggregate.Receive(clientId, ReferralSource.ClinicalTeam + (index % 5), new Referrer("Referrer", "Team", "Nurse"), "Reason", ReferralPriority.Routine, "trust", received, received);
        events.Add(new ReferralReceived(NextEventId(), received, referral.Id, clientId, referral.Source.Code(), referral.Priority.Code(), referral.ReceivedAt));

        var at = received;
        var worker = plan.Worker;
        var matches = 0;
        var moves = plan.Path.Take(plan.Depth).Select((move, step) => (Step: step, move.DaysLater, move.Minute, Turn: (Turn?)null))
            .Concat(plan.Tail.Select(move => (Step: -1, move.DaysLater, move.Minute, Turn: (Turn?)move.Turn)));
        foreach (var (step, daysLater, minute, turn) in moves)
        {
            var next = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero).AddDays(daysLater).AddMinutes(minute);
            at = next > at ? next : at.AddMinutes(1);
            if (at > Now)
            {
                break;
            }

            try
            {
                events.AddRange(step >= 0 ? PathStep(step) : TailStep(turn!.Value));
            }
            catch (DomainRuleViolationException)
            {
                // Not a legal step at this point of the journey: it does not happen.
            }
        }

        return new GeneratedReferral(referral, events);

        IEnumerable<IIntegrationEvent> PathStep(int step)
        {
            switch (step)
            {
                case 0:
                    referral.RecordInformationGiven("Lead", TrustCalendar.LocalDate(at), InformationMethod.InPerson, "trust", at);
                    return [new InformationGiven(NextEventId(), at, referral.Id, clientId, referral.InformationGivenOn!.Value, "in_person")];
                case 1 when plan.Refusal == Refusal.ClientDeclines:
                    referral.RecordConsent(false, "Not now", "trust", at);
                    return [new ConsentRecorded(NextEventId(), at, referral.Id, clientId, false), new ReferralDeclined(NextEventId(), at, referral.Id, clientId, "client_declined")];
                case 1:
                    referral.RecordConsent(true, null, "trust", at);
                    return [new ConsentRecorded(NextEventId(), at, referral.Id, clientId, true)];
                case 2 when plan.Refusal == Refusal.NotAccepted:
                    referral.NotAccept("Crisis team first", "triage", at);
                    return [new ReferralDeclined(NextEventId(), at, referral.Id, clientId, "not_accepted")];
                case 2:
                    referral.Accept("triage", at);
                    return [new ReferralAccepted(NextEventId(), at, referral.Id, clientId)];
                case 3:
                    return Match();
                default:
                    return Contact();
            }
        }

        IEnumerable<IIntegrationEvent> TailStep(Turn turn)
        {
            switch (turn)
            {
                case Turn.Contact:
                    return Contact();
                case Turn.WorkerLeaves:
                    referral.ReturnForRematching("workforce:peer-worker-left", at);
                    return [];
                case Turn.Rematch:
                    worker = (worker + 1) % workers.Length;
                    return Match();
                case Turn.End:
                    referral.End(EndReason.GoalsMet, null, "trust", at);
                    return [new EngagementEnded(NextEventId(), at, referral.Id, clientId, referral.AssignedWorkerId, "goals_met")];
                case Turn.EndNotRematched:
                    referral.End(EndReason.WorkerLeftNotRematched, null, "trust", at);
                    return [new EngagementEnded(NextEventId(), at, referral.Id, clientId, referral.AssignedWorkerId, "worker_left_not_rematched")];
                case Turn.Withdraw:
                    referral.Withdraw("Moved away", "trust", at);
                    return [new ReferralWithdrawn(NextEventId(), at, referral.Id, clientId)];
                default:
                    referral.WithdrawConsent("client", at);
                    IIntegrationEvent withdrawn = new ConsentWithdrawn(NextEventId(), at, referral.Id, clientId);
                    return referral.Status == ReferralStatus.Ended
                        ? [withdrawn, new EngagementEnded(NextEventId(), at, referral.Id, clientId, referral.AssignedWorkerId, "consent_withdrawn")]
                        : [withdrawn, new ReferralWithdrawn(NextEventId(), at, referral.Id, clientId)];
            }
        }

        IEnumerable<IIntegrationEvent> Match()
        {
            referral.AssignWorker(workers[worker], Guid.Empty, $"slot-{++matches}", "matching", at);
            return [new PeerWorkerAssigned(NextEventId(), at, referral.Id, clientId, workers[worker])];
        }

        IEnumerable<IIntegrationEvent> Contact()
        {
            var started = referral.RecordContact(at, "worker", at);
            return started ? [new EngagementStarted(NextEventId(), at, referral.Id, clientId, referral.AssignedWorkerId, at, referral.ReceivedAt)] : [];
        }
    }
}

/// <summary>A referral as the Referral service holds it after its journey, and the events it published on the way.</summary>
public sealed record GeneratedReferral(ReferralAggregate Referral, IReadOnlyList<IIntegrationEvent> Events)
{
    public DateTimeOffset? EndedAt => Referral.History.Where(h => h.ToStatus == ReferralStatus.Ended).Select(h => (DateTimeOffset?)h.ChangedAt).SingleOrDefault();

    public DateTimeOffset? WithdrawnAt => Referral.History.Where(h => h.ToStatus == ReferralStatus.Withdrawn).Select(h => (DateTimeOffset?)h.ChangedAt).SingleOrDefault();

    public DateTimeOffset? FirstMatchedAt => Referral.History.Where(h => h.ToStatus == ReferralStatus.Matched).Select(h => (DateTimeOffset?)h.ChangedAt).FirstOrDefault();

    /// <summary>An engagement in progress at <paramref name="instant"/>: started before it, neither ended nor withdrawn by then.</summary>
    public bool IsActiveAt(DateTimeOffset instant) =>
        Referral.FirstContactAt < instant && !(EndedAt < instant) && !(WithdrawnAt < instant);
}

/// <summary>A generated programme after it ran: its referrals and each client's stays.</summary>
public sealed record Programme(IReadOnlyList<GeneratedReferral> Referrals, IReadOnlyDictionary<Guid, List<Stay>> Stays)
{
    public IEnumerable<IIntegrationEvent> Events => Referrals.SelectMany(r => r.Events);

    /// <summary>The Outcomes read model's rows after applying <paramref name="events"/>, in the order given.</summary>
    public static Dictionary<Guid, ReferralProgress> Apply(IEnumerable<IIntegrationEvent> events)
    {
        var rows = new Dictionary<Guid, ReferralProgress>();
        foreach (var message in events)
        {
            if (message is ConsentWithdrawn)
            {
                continue; // no figure uses it
            }

            var id = ReferralRows.ReferralIdOf(message) ?? throw new InvalidOperationException($"{message.GetType().Name} is not a referral event.");
            if (!rows.TryGetValue(id, out var row))
            {
                rows[id] = row = new ReferralProgress { ReferralId = id };
            }

            switch (message)
            {
                case ReferralReceived m: row.Apply(m); break;
                case InformationGiven m: row.Apply(m); break;
                case ConsentRecorded m: row.Apply(m); break;
                case ReferralAccepted m: row.Apply(m); break;
                case ReferralDeclined m: row.Apply(m); break;
                case ReferralWithdrawn m: row.Apply(m); break;
                case PeerWorkerAssigned m: row.Apply(m); break;
                case EngagementStarted m: row.Apply(m); break;
                case EngagementEnded m: row.Apply(m); break;
                default: throw new InvalidOperationException($"No read model applies {message.GetType().Name}.");
            }
        }

        return rows;
    }

    /// <summary>Nights in hospital at midnight in [from, to), counted night by night: the brute-force definition.</summary>
    public int NightsBetween(Guid client, DateOnly from, DateOnly to)
    {
        var nights = 0;
        for (var night = from; night < to; night = night.AddDays(1))
        {
            if (Stays[client].Any(s => s.AdmittedOn <= night && (s.DischargedOn is null || s.DischargedOn > night)))
            {
                nights++;
            }
        }

        return nights;
    }

    public int AdmissionsBetween(Guid client, DateOnly from, DateOnly to) => Stays[client].Count(s => s.AdmittedOn >= from && s.AdmittedOn < to);
}
