using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Contracts.Events;
using PeerPlatform.Contracts.Events.Referral;
using PeerPlatform.Grpc;
using PeerPlatform.Referral.Data;
using PeerPlatform.ServiceDefaults.Telemetry;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.Referral;

/// <summary>
/// The Referral service's domain metrics ("PeerPlatform.Referral"). Counters follow the events a
/// change committed, so they count what happened, not what was attempted. Tags are codes
/// (source, priority, outcome, status), never identifiers or data about a person.
/// </summary>
internal static class ReferralMetrics
{
    public const string MeterName = "PeerPlatform.Referral";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Received =
        Meter.CreateCounter<long>("peer.referrals.received", "{referral}", "Referrals received, by source and priority");

    private static readonly Counter<long> Consent =
        Meter.CreateCounter<long>("peer.referrals.consent", "{decision}", "Consent decisions recorded, by outcome (given or declined)");

    private static readonly Histogram<double> TimeToFirstContact = Meter.CreateHistogram(
        "peer.referrals.time_to_first_contact", "d", "Days from a referral being received to the first contact with a peer worker",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 3, 5, 7, 10, 14, 21, 28, 42, 56, 90] });

    private static readonly Counter<long> Erased =
        Meter.CreateCounter<long>("peer.records.clients_erased", "{client}", "Client records erased, by basis (retention_expired, erasure_request)");

    public static void RecordErasure(string basis, int clients) => Erased.Add(clients, new KeyValuePair<string, object?>("basis", basis));

    /// <summary>Counts what the committed events say happened.</summary>
    public static void Record(IEnumerable<IIntegrationEvent> committed)
    {
        foreach (var integrationEvent in committed)
        {
            switch (integrationEvent)
            {
                case ReferralReceived received:
                    Received.Add(1, new("source", received.Source), new("priority", received.Priority));
                    break;
                case ConsentRecorded consent:
                    Consent.Add(1, new KeyValuePair<string, object?>("outcome", consent.Consented ? "given" : "declined"));
                    break;
                case EngagementStarted started:
                    // Calendar days, as the API and the programme report count them.
                    TimeToFirstContact.Record(Math.Max(0, TrustCalendar.DaysBetween(started.ReferredAt, started.FirstContactAt)));
                    break;
            }
        }
    }

    /// <summary>"peer.referrals.current": referrals in each status now (active = engagements under way).</summary>
    public static IServiceCollection AddReferralGauges(this IServiceCollection services) =>
        services.AddSampledGauge(MeterName, "peer.referrals.current", "{referral}", "Referrals in each status now; status=active counts engagements under way",
            async (provider, cancellationToken) =>
            {
                var db = provider.GetRequiredService<ReferralDbContext>();
                var byStatus = await db.Referrals.AsNoTracking()
                    .GroupBy(r => r.Status)
                    .Select(g => new { Status = g.Key, Count = g.Count() })
                    .ToListAsync(cancellationToken);
                return [.. Enum.GetValues<Domain.ReferralStatus>().Select(status => SampledGaugeExtensions.Reading(
                    byStatus.FirstOrDefault(s => s.Status == status)?.Count ?? 0,
                    ("status", GrpcErrorInterceptor.ToProtoFieldPath(status.ToString()))))];
            });
}
